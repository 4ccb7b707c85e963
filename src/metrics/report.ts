// Internal: the report of a tally — its counts and sketches read as figures, rates and scores.
import { type Proportion, proportionOf } from "./intervals.js"
import { cesOfCounts, csatOfCounts, npsOfCounts } from "./statistics.js"
import type { Pairs, SurveyName, Tally } from "./tally.js"
import type { Durations, MetricsReport } from "./types.js"

const durations = (t: Tally, name: Parameters<Tally["sketch"]>[0]): Durations => {
  const s = t.sketch(name)
  return { n: s.count, median: s.quantile(0.5), p90: s.quantile(0.9), mean: s.mean }
}

const figure = (
  t: Tally,
  name: "firstReply" | "firstResolution" | "fullResolution" | "requesterWait" | "backlogAge",
) => ({
  calendar: durations(t, name),
  business: durations(t, `${name}Business`),
})

const perTicket = (total: number, tickets: number): number | null => (tickets === 0 ? null : total / tickets)

const surveyed = (t: Tally, kind: SurveyName): number | null => {
  let answered = 0
  for (const n of t.answers[kind]) answered += n
  const sent = t.sent[kind]
  return sent >= answered && sent > 0 ? sent : null
}

const pairs = (p: Pairs): Record<string, Proportion> =>
  Object.fromEntries(p.sorted().map(([name, good, bad]) => [name, proportionOf(good, good + bad)]))

/** The report of one tally. */
export const reportOf = (t: Tally, hasChannels: boolean): MetricsReport => {
  const tickets = t.count("tickets")
  const chased = t.count("chased")
  return {
    tickets,
    firstReply: figure(t, "firstReply"),
    firstResolution: figure(t, "firstResolution"),
    fullResolution: figure(t, "fullResolution"),
    requesterWait: figure(t, "requesterWait"),
    oneTouch: proportionOf(t.count("oneTouch"), t.count("solved")),
    reopened: proportionOf(t.count("reopened"), t.count("everSolved")),
    backlog: { open: t.count("open"), age: figure(t, "backlogAge") },
    repliesPerTicket: perTicket(t.count("replies"), tickets),
    chasesPerTicket: perTicket(t.count("chases"), tickets),
    chased: proportionOf(chased, tickets),
    notChased: proportionOf(tickets - chased, tickets),
    inHours: proportionOf(t.count("inHours"), tickets),
    onOfferedChannel: hasChannels ? proportionOf(t.count("onOfferedChannel"), tickets) : null,
    promisesKeptOnTime: proportionOf(t.count("promisesKeptOnTime"), t.count("promisesDue")),
    sla: pairs(t.sla),
    followUps: pairs(t.followUps),
    surveys: {
      csat: csatOfCounts(t.answers.csat, 5, surveyed(t, "csat")),
      nps: npsOfCounts(t.answers.nps, surveyed(t, "nps")),
      ces: cesOfCounts(t.answers.ces, 7, surveyed(t, "ces")),
    },
  }
}
