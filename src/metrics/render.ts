import type { Proportion } from "./intervals.js"
import type { Scorecard } from "./scorecard.js"
import type { Durations } from "./types.js"

const percent = (x: number) => `${(x * 100).toFixed(1)} %`

const share = (p: Proportion): string =>
  p.rate === null || p.interval === null
    ? "–"
    : `${percent(p.rate)} [${percent(p.interval.lower)}–${percent(p.interval.upper)}] n=${p.n}`

/** A duration in ms, readably: 45 s, 12 min, 3.5 h, 2.1 d. */
const duration = (ms: number | null): string => {
  if (ms === null) return "–"
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`
  return `${(ms / 86_400_000).toFixed(1)} d`
}

const spread = (d: Durations) =>
  d.n === 0 ? "–" : `median ${duration(d.median)}, p90 ${duration(d.p90)} (n=${d.n})`

const pad = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => [...r[k]!].length)))
  return rows
    .map((r) =>
      r
        .map((cell, k) => cell + " ".repeat(widths[k]! - [...cell].length))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")
}

const LEVEL_TITLES: Readonly<Record<string, string>> = {
  availability: "Availability",
  attention: "Attention",
  listening: "Listening",
  problemSolving: "Problem solving",
  reactivity: "Reactivity",
  professionalism: "Professionalism",
  followUp: "Follow-up",
}

/**
 * The scorecard as a readable text table: the seven levels with their indicators, goals and
 * verdicts, then the main figures. (For JSON, `JSON.stringify(card)`: the scorecard is plain data.)
 *
 * @example
 * ```ts
 * import { Calendar, Metrics } from "servicekit"
 * const card = Metrics.scorecard([], { policies: [], calendar: Calendar.always, now: 0 })
 * Metrics.renderScorecard(card).split("\n")[0] // => "Service-level scorecard at 1970-01-01T00:00:00.000Z — 0 tickets"
 * ```
 * @since 0.1.0
 * @category Scorecard
 */
export const renderScorecard = (card: Scorecard): string => {
  const f = card.figures
  const head = `Service-level scorecard at ${card.now}${card.serviceLevel === null ? "" : ` (${card.serviceLevel})`} — ${f.tickets} tickets${card.merged > 0 ? ` (${card.merged} merged left out)` : ""}`
  const rows: Array<Array<string>> = [["level", "indicator", "value [95 % interval]", "goal", "verdict"]]
  for (const level of card.levels)
    level.indicators.forEach((i, k) => {
      rows.push([
        k === 0 ? `${LEVEL_TITLES[level.level]} — ${level.verdict}` : "",
        i.description,
        share(i.value),
        `≥ ${percent(i.goal)}`,
        i.verdict,
      ])
    })
  const s = f.surveys
  const figures: Array<Array<string>> = [
    ["figure", "calendar time", "business time"],
    ["first reply", spread(f.firstReply.calendar), spread(f.firstReply.business)],
    ["first resolution", spread(f.firstResolution.calendar), spread(f.firstResolution.business)],
    ["full resolution", spread(f.fullResolution.calendar), spread(f.fullResolution.business)],
    ["requester wait", spread(f.requesterWait.calendar), spread(f.requesterWait.business)],
    [`backlog (${f.backlog.open} open), age`, spread(f.backlog.age.calendar), spread(f.backlog.age.business)],
  ]
  const per = (x: number | null) => (x === null ? "–" : x.toFixed(2))
  const rate = (r: number | null) => (r === null ? "" : `, response rate ${percent(r)}`)
  const lines = [
    head,
    "",
    pad(rows),
    "",
    pad(figures),
    "",
    `one-touch ${share(f.oneTouch)} · reopened ${share(f.reopened)} · replies per ticket ${per(f.repliesPerTicket)} · chases per ticket ${per(f.chasesPerTicket)}`,
    `CSAT ${s.csat.score === null ? "–" : percent(s.csat.score)} (n=${s.csat.n}${rate(s.csat.responseRate)}) · ` +
      `NPS ${s.nps.score === null ? "–" : s.nps.score.toFixed(0)} (n=${s.nps.n}${rate(s.nps.responseRate)}) · ` +
      `CES ${s.ces.mean === null ? "–" : s.ces.mean.toFixed(2)} (n=${s.ces.n}${rate(s.ces.responseRate)})`,
  ]
  return lines.join("\n")
}
