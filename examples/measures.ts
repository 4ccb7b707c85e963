/**
 * Reports over many tickets from ticket measures: the app keeps one measure per ticket beside
 * its events (here a Map of JSON strings stands for a table), refreshes it when the ticket
 * changes and when its `changesAt` passes, and builds the scorecard from the measures instead of
 * folding every history again. The scorecard is the same either way; the example checks it.
 *
 *   npm exec -- tsx examples/measures.ts
 */
import * as Result from "effect/Result"
import { Calendar, FollowUp, Metrics, Sla, type Ticket } from "servicekit"

const rome = Calendar.make({
  timeZone: "Europe/Rome",
  hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["09:00-18:00"]])),
  holidays: ["2025-06-02"],
})
const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT2H", resolution: "PT16H" } } })]
const followUp = FollowUp.policy({ acknowledge: { within: "PT1H" }, checkIn: { after: "PT24H" } })
const options = { calendar: rome, sla: { policies }, followUp }

// ─── a week of tickets (seeded, so every run prints the same) ──────────────────────────────────
let seed = 42
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const MINUTE = 60_000
const monday = Date.UTC(2025, 5, 2, 6) // Mon 2 June 2025, 08:00 in Rome (a holiday)
const histories = new Map<string, Array<Ticket.TicketEvent>>()
for (let n = 1; n <= 2_000; n++) {
  const ticketId = `T-${n}`
  let at = monday + Math.floor(random() * 5 * 24 * 60) * MINUTE
  const events: Array<Ticket.TicketEvent> = [
    {
      type: "TicketOpened",
      ticketId,
      at: new Date(at),
      channel: random() < 0.6 ? "email" : "chat",
      priority: "normal",
      requester: { id: `c-${n % 300}` },
    },
  ]
  at += Math.floor(random() * 300 + 5) * MINUTE
  events.push({ type: "AgentReplied", ticketId, at: new Date(at), agentId: `a-${n % 7}` })
  if (random() < 0.7) {
    at += Math.floor(random() * 900 + 30) * MINUTE
    events.push({ type: "StatusChanged", ticketId, at: new Date(at), status: "solved" })
  }
  histories.set(ticketId, events)
}

// ─── the measure store: refreshed on every event, and when a measure's changesAt passes ───────
const store = new Map<string, string>()
const refresh = (ticketId: string, now: number) => {
  const events = histories.get(ticketId)!.filter((e) => e.at.getTime() <= now)
  const measure = Metrics.measure(events, { ...options, now })
  if (measure === undefined) store.delete(ticketId)
  else store.set(ticketId, JSON.stringify(measure))
}
/** The tickets to measure again at `now`: an event arrived since `since`, or a measure's changesAt passed. */
const due = (since: number, now: number): Array<string> =>
  [...histories.keys()].filter((id) => {
    if (histories.get(id)!.some((e) => e.at.getTime() > since && e.at.getTime() <= now)) return true
    const text = store.get(id)
    const changesAt = text === undefined ? null : (JSON.parse(text) as { changesAt: string | null }).changesAt
    return changesAt !== null && Date.parse(changesAt) <= now
  })

// The app measures as the week goes on: here once an hour, for the events of that hour (a real
// app measures on each event) and the measures whose changesAt has passed.
const friday = monday + 4 * 24 * 60 * MINUTE + 12 * 60 * MINUTE // Fri 6 June, 20:00 in Rome
let refreshed = 0
for (let now = monday; now <= friday; now += 60 * MINUTE)
  for (const id of due(now - 60 * MINUTE, now)) {
    refresh(id, now)
    refreshed++
  }

// ─── the report: from the stored measures, and (to check) from the histories ─────────────────
const measures = [...store.values()].map((text) => Result.getOrThrow(Metrics.decodeMeasure(JSON.parse(text))))
const cardOptions = { policies, calendar: rome, now: friday, followUp }
let t0 = performance.now()
const fromMeasures = Metrics.scorecard(measures, cardOptions)
const measuresMs = performance.now() - t0
t0 = performance.now()
const fromHistories = Metrics.scorecard(
  [...histories.values()].map((events) => events.filter((e) => e.at.getTime() <= friday)),
  cardOptions,
)
const historiesMs = performance.now() - t0

const same = JSON.stringify(fromMeasures) === JSON.stringify(fromHistories)
console.log(
  `${histories.size} tickets, ${refreshed} measures taken over the week; ` +
    `the scorecard from ${measures.length} stored measures (${measuresMs.toFixed(1)} ms) ` +
    `${same ? "equals" : "DIFFERS FROM"} the one from the histories (${historiesMs.toFixed(1)} ms)\n`,
)
console.log(Metrics.renderScorecard(fromMeasures))
if (!same) process.exit(1)
