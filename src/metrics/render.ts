import { describe, isRecord } from "./describe.js"
import { InvalidMetrics } from "./errors.js"
import type { Proportion } from "./intervals.js"
import { levels, type Scorecard } from "./scorecard.js"
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

// ── what the text reads of a card, checked: a card may come back from JSON, or be hand-made ──

const refuse = (field: string, reason: string, value: unknown): never => {
  throw new InvalidMetrics({ field, reason: `${reason}, received ${describe(value)}` })
}
const objectAt = (v: unknown, field: string): Record<string, unknown> =>
  isRecord(v) ? v : refuse(field, "must be an object", v)
const numberAt = (v: unknown, field: string, nullable = false): void => {
  if (!((typeof v === "number" && Number.isFinite(v)) || (nullable && v === null)))
    refuse(field, nullable ? "must be a finite number or null" : "must be a finite number", v)
}
const textAt = (v: unknown, field: string, nullable = false): void => {
  if (!(typeof v === "string" || (nullable && v === null)))
    refuse(field, nullable ? "must be a string or null" : "must be a string", v)
}
const proportionAt = (v: unknown, field: string): void => {
  const p = objectAt(v, field)
  numberAt(p.n, `${field}.n`)
  numberAt(p.rate, `${field}.rate`, true)
  if (p.interval !== null) {
    const i = objectAt(p.interval, `${field}.interval`)
    numberAt(i.lower, `${field}.interval.lower`)
    numberAt(i.upper, `${field}.interval.upper`)
  }
}
const timeFigureAt = (v: unknown, field: string): void => {
  const t = objectAt(v, field)
  for (const clock of ["calendar", "business"]) {
    const d = objectAt(t[clock], `${field}.${clock}`)
    numberAt(d.n, `${field}.${clock}.n`)
    numberAt(d.median, `${field}.${clock}.median`, true)
    numberAt(d.p90, `${field}.${clock}.p90`, true)
  }
}
const VERDICTS: ReadonlyArray<unknown> = ["met", "at risk", "missed", "no data"]

/** Throws `InvalidMetrics` naming `card.<field>` unless `card` holds what {@link renderScorecard} reads. */
const checkCard = (card: unknown): void => {
  const c = objectAt(card, "card")
  textAt(c.now, "card.now")
  textAt(c.serviceLevel, "card.serviceLevel", true)
  numberAt(c.merged, "card.merged")
  const f = objectAt(c.figures, "card.figures")
  numberAt(f.tickets, "card.figures.tickets")
  for (const name of ["firstReply", "firstResolution", "fullResolution", "requesterWait"])
    timeFigureAt(f[name], `card.figures.${name}`)
  const backlog = objectAt(f.backlog, "card.figures.backlog")
  numberAt(backlog.open, "card.figures.backlog.open")
  timeFigureAt(backlog.age, "card.figures.backlog.age")
  proportionAt(f.oneTouch, "card.figures.oneTouch")
  proportionAt(f.reopened, "card.figures.reopened")
  numberAt(f.repliesPerTicket, "card.figures.repliesPerTicket", true)
  numberAt(f.chasesPerTicket, "card.figures.chasesPerTicket", true)
  const surveys = objectAt(f.surveys, "card.figures.surveys")
  for (const [kind, score] of [
    ["csat", "score"],
    ["nps", "score"],
    ["ces", "mean"],
  ] as const) {
    const s = objectAt(surveys[kind], `card.figures.surveys.${kind}`)
    numberAt(s[score], `card.figures.surveys.${kind}.${score}`, true)
    numberAt(s.n, `card.figures.surveys.${kind}.n`)
    numberAt(s.responseRate, `card.figures.surveys.${kind}.responseRate`, true)
  }
  if (!Array.isArray(c.levels)) refuse("card.levels", "must be a list of levels", c.levels)
  // Index loops, not forEach: a hole in a list is refused, not skipped.
  const list = c.levels as ReadonlyArray<unknown>
  for (let k = 0; k < list.length; k++) {
    const level = objectAt(list[k], `card.levels[${k}]`)
    if (!(levels as ReadonlyArray<unknown>).includes(level.level))
      refuse(`card.levels[${k}].level`, `must be one of ${levels.join(", ")}`, level.level)
    if (!VERDICTS.includes(level.verdict))
      refuse(`card.levels[${k}].verdict`, "must be a verdict", level.verdict)
    if (!Array.isArray(level.indicators))
      refuse(`card.levels[${k}].indicators`, "must be a list of indicators", level.indicators)
    const indicators = level.indicators as ReadonlyArray<unknown>
    for (let j = 0; j < indicators.length; j++) {
      const field = `card.levels[${k}].indicators[${j}]`
      const indicator = objectAt(indicators[j], field)
      textAt(indicator.description, `${field}.description`)
      proportionAt(indicator.value, `${field}.value`)
      numberAt(indicator.goal, `${field}.goal`)
      if (!VERDICTS.includes(indicator.verdict))
        refuse(`${field}.verdict`, "must be a verdict", indicator.verdict)
    }
  }
}

/**
 * The scorecard as a readable text table: the seven levels with their indicators, goals and
 * verdicts, then the main figures. (For JSON, `JSON.stringify(card)`: the scorecard is plain data.)
 * A card read back from JSON renders the same; a malformed one throws `InvalidMetrics` naming the
 * field (`card.figures.oneTouch.rate`).
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
  checkCard(card)
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
