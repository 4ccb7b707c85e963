/**
 * Replays real NYC 311 service requests (Department of Health and Mental Hygiene, 2010–2025)
 * through `Metrics.accumulator` with per-ticket SLA policies: each request's own due date is its
 * resolution target, in calendar time. Prints the rows read, used and skipped (each bad row as
 * `row N: reason`), the resolution-SLA achievement with its Wilson 95 % interval (cross-checked
 * against a direct count from the columns), the time to first resolution, and the figures per
 * complaint type and per descriptor.
 *
 *   npm exec -- tsx examples/replay-nyc311.ts [PATH]
 *
 * Without PATH it reads the in-repo sample, test/fixtures/data/nyc311-dohmh.sample.csv (399 of
 * the 5 895 rows, the edge cases included; see that folder's README), so that fresh clones and CI
 * run it; PATH is the full file (the project's shared data: ../shared/data/nyc311-dohmh.csv). The
 * first line says which file was read.
 *
 * Mapping and decisions:
 * - one ticket per row: TicketOpened at `created` (priority normal, requester "nyc"), assigned
 *   to the complaint type as its group, and solved at `closed` when there is one;
 * - channel: PHONE → phone, ONLINE and MOBILE → web; UNKNOWN, OTHER or empty → web as well (the
 *   library has no "unknown" channel, and no figure here depends on the channel), with the 311
 *   value kept as a tag `311:UNKNOWN` so it is not lost;
 * - the due date: a tag `due:<due − created>` (`43200m` is 30 days; seconds when not whole
 *   minutes) and one SLA policy per distinct target, matching that tag, with the target
 *   `{ resolution: { within, hours: "calendar" } }`; rows without a due date match no policy and
 *   have no SLA;
 * - `now` is the latest instant observed in the file (created, closed, resolution_updated); due
 *   dates are deadlines, not observations, and do not move it. Open tickets past their due
 *   date count as breached: the SLA engine reports a running clock past its target as breached;
 * - skipped and reported: rows that do not parse (wrong number of fields, a bad timestamp), rows
 *   closed before they were created or due before they were created (contradictory: in this
 *   file the two closed-before-created rows carry the placeholder 1900-01-01 and the status
 *   "Assigned"), rows repeating an earlier id, and rows the library refuses (`InvalidMetrics`,
 *   e.g. an empty id).
 */
import { Calendar, Metrics, Sla, type Ticket } from "servicekit"
import { instant, int, RowProblem, readRows, refusedByLibrary, rowSummary } from "./lib/csv.js"
import { dataFile } from "./lib/data.js"

const COLUMNS = [
  "id",
  "created",
  "closed",
  "due",
  "status",
  "complaint_type",
  "descriptor",
  "channel",
  "resolution_updated",
] as const

const { path, label } = dataFile("nyc311-dohmh.sample.csv", "replay-nyc311.ts")

// --- formatting -------------------------------------------------------------------------------

/** An integer with its thousands set apart by spaces, as in the docs: 5 895. */
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`
/** A duration in a human unit: "0 s", "45 s", "12 min", "1.4 h", "30 d". */
const human = (ms: number | null): string => {
  if (ms === null) return "—"
  const unit = (value: number, name: string) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ${name}`
  const s = ms / 1000
  if (s < 60) return s === 0 ? "0 s" : unit(s, "s")
  if (s < 3600) return unit(s / 60, "min")
  if (s < 48 * 3600) return unit(s / 3600, "h")
  return unit(s / 86_400, "d")
}
/** "44.2 % (95 % CI 42.3–46.0 %)", or "—" with no clock counted. */
const rate = (p: Metrics.Proportion): string =>
  p.rate === null || p.interval === null
    ? "—"
    : `${pct(p.rate)} (95 % CI ${(100 * p.interval.lower).toFixed(1)}–${pct(p.interval.upper)})`
/** A duration exactly, in days, hours, minutes and seconds: "29 d 23 h". */
const exact = (ms: number): string => {
  const parts: Array<string> = []
  let rest = Math.round(ms / 1000)
  for (const [size, name] of [
    [86_400, "d"],
    [3600, "h"],
    [60, "min"],
    [1, "s"],
  ] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)} ${name}`)
    rest %= size
  }
  return parts.length === 0 ? "0 s" : parts.join(" ")
}
/** A target as a tag suffix: whole minutes ("43200m"), else seconds, else ms. */
const targetName = (ms: number): string =>
  ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`

// --- reading ----------------------------------------------------------------------------------

const CHANNELS: Readonly<Record<string, Ticket.Channel>> = { PHONE: "phone", ONLINE: "web", MOBILE: "web" }

interface Request {
  readonly line: number
  readonly id: string
  readonly created: number
  readonly closed: number | undefined
  /** due − created in ms, when there is a due date. */
  readonly targetMs: number | undefined
  readonly complaint: string
  readonly descriptor: string
  readonly channel: Ticket.Channel
  /** The 311 channel as written ("(empty)" when empty), kept as the tag `311:<raw>`. */
  readonly rawChannel: string
  readonly observedLatest: number
  /** The year of `created` as written (New York local time). */
  readonly year: string
}

const at = (
  values: Readonly<Record<string, string>>,
  column: string,
  optional: boolean,
): number | undefined => {
  const text = values[column] ?? ""
  if (text === "" && optional) return undefined
  const parsed = instant(text)
  if (typeof parsed === "string") throw new RowProblem("bad timestamp", `${column}: ${parsed}`)
  return parsed
}

const seen = new Map<string, number>()
const toRequest = (line: number, v: Readonly<Record<(typeof COLUMNS)[number], string>>): Request => {
  const created = at(v, "created", false) as number
  const closed = at(v, "closed", true)
  const due = at(v, "due", true)
  const updated = at(v, "resolution_updated", true)
  if (closed !== undefined && closed < created)
    throw new RowProblem(
      "closed before created",
      `closed ${v.closed} is before created ${v.created} (status ${JSON.stringify(v.status)})`,
    )
  if (due !== undefined && due < created)
    throw new RowProblem("due before created", `due ${v.due} is before created ${v.created}`)
  const earlier = seen.get(v.id)
  if (earlier !== undefined) throw new RowProblem("repeated id", `id ${v.id} repeats row ${earlier}`)
  seen.set(v.id, line)
  const raw = v.channel
  return {
    line,
    id: v.id,
    created,
    closed,
    targetMs: due === undefined ? undefined : due - created,
    complaint: v.complaint_type,
    descriptor: v.descriptor,
    channel: (Object.hasOwn(CHANNELS, raw) ? CHANNELS[raw] : undefined) ?? "web",
    rawChannel: raw === "" ? "(empty)" : raw,
    observedLatest: Math.max(created, closed ?? created, updated ?? created),
    year: v.created.slice(0, 4),
  }
}

const { items: requests, problems, rowsRead } = readRows(path, COLUMNS, toRequest)

// --- replaying --------------------------------------------------------------------------------

const now = requests.reduce((latest, r) => Math.max(latest, r.observedLatest), Number.NEGATIVE_INFINITY)
const targets = [...new Set(requests.flatMap((r) => (r.targetMs === undefined ? [] : [r.targetMs])))].sort(
  (a, b) => a - b,
)
const policies = targets.map((ms) =>
  Sla.policy({
    id: `due:${targetName(ms)}`,
    when: { tags: { any: [`due:${targetName(ms)}`] } },
    targets: { normal: { resolution: { within: ms, hours: "calendar" } } },
  }),
)
// A file without a usable row has no latest instant: any valid one will do, nothing is added.
const options = {
  now: Number.isFinite(now) ? now : 0,
  calendar: Calendar.always,
  sla: { policies },
  groupBy: ["group"],
} as const
// Same tickets twice: grouped by complaint type, and by descriptor (the file has two types only).
const byType = Metrics.accumulator(options)
const byDescriptor = Metrics.accumulator(options)

const historyOf = (r: Request, group: string): Array<Ticket.TicketEvent> => {
  const opened = new Date(r.created)
  const channelTag = `311:${r.rawChannel}`
  const tags = r.targetMs === undefined ? [channelTag] : [`due:${targetName(r.targetMs)}`, channelTag]
  const events: Array<Ticket.TicketEvent> = [
    {
      type: "TicketOpened",
      ticketId: r.id,
      at: opened,
      channel: r.channel,
      priority: "normal",
      requester: { id: "nyc" },
      tags,
    },
    { type: "TicketAssigned", ticketId: r.id, at: opened, groupId: group },
  ]
  if (r.closed !== undefined)
    events.push({ type: "StatusChanged", ticketId: r.id, at: new Date(r.closed), status: "solved" })
  return events
}

const used: Array<Request> = []
if (Number.isFinite(now))
  for (const r of requests) {
    try {
      byType.add(historyOf(r, r.complaint))
      byDescriptor.add(historyOf(r, r.descriptor))
      used.push(r)
    } catch (e) {
      refusedByLibrary(problems, r.line, e)
    }
  }

// --- report -----------------------------------------------------------------------------------

const out: Array<string> = []
const print = (line = "") => out.push(line)
print(`NYC 311 (DOHMH) replay of ${label}`)
for (const line of rowSummary(rowsRead, used.length, problems)) print(line)
if (used.length === 0) {
  print("No usable rows: nothing to report.")
  console.log(out.join("\n"))
  process.exit(0)
}

const { overall, groups } = byType.result()
print(
  `now = ${new Date(now).toISOString()} (the latest created, closed or resolution_updated instant; calendar time, Calendar.always)`,
)
const channelCounts = new Map<string, number>()
for (const r of used) {
  const mapping = `${r.rawChannel} → ${r.channel}`
  channelCounts.set(mapping, (channelCounts.get(mapping) ?? 0) + 1)
}
print(`channels: ${[...channelCounts].map(([k, n]) => `${k} ${int(n)}`).join(", ")}`)
print(
  `tickets ${int(overall.tickets)}: closed ${int(overall.tickets - overall.backlog.open)}, open at now ${int(overall.backlog.open)}`,
)
print()

const withDue = used.filter((r) => r.targetMs !== undefined)
print(
  `Resolution SLA: each ticket's due date as its own calendar-time target (${int(withDue.length)} tickets with a due date, ` +
    `${targets.length} distinct targets, one policy each; the others have no SLA)`,
)
const perTarget = targets
  .map((ms) => ({ ms, n: withDue.filter((r) => r.targetMs === ms).length }))
  .sort((a, b) => b.n - a.n || a.ms - b.ms)
const shownTargets = perTarget.slice(0, 3).map(({ ms, n }) => `${exact(ms)} × ${int(n)}`)
const others = perTarget.slice(3)
if (others.length > 0) {
  const span = others.map((t) => t.ms)
  shownTargets.push(
    `${others.length} more (${int(others.reduce((n, t) => n + t.n, 0))} tickets) from ${exact(Math.min(...span))} to ${exact(Math.max(...span))}`,
  )
}
print(`  targets: ${shownTargets.join(", ")}`)
const sla = overall.sla.resolution
if (sla === undefined) print("  no resolution clock counted")
else {
  print(`  achieved ${int(sla.successes)} / ${int(sla.n)} (achieved + breached) = ${rate(sla)}`)
  // The same figure straight from the columns: closed by the due date, closed after it, open past it.
  let onTime = 0
  let late = 0
  let openPast = 0
  let openInTime = 0
  for (const r of withDue) {
    const due = r.created + (r.targetMs as number)
    if (r.closed !== undefined) r.closed <= due ? onTime++ : late++
    else if (due < now) openPast++
    else openInTime++
  }
  const agrees = onTime === sla.successes && late + openPast === sla.n - sla.successes
  print(
    `  from the columns: closed by the due date ${int(onTime)}, closed after it ${int(late)}, open past it ${int(openPast)}` +
      `, open not yet due ${int(openInTime)} → ${agrees ? "agrees with the library" : "DIFFERS from the library"}`,
  )
  const closedWithDue = onTime + late
  if (closedWithDue > 0)
    print(
      `  of the ${int(closedWithDue)} closed ones alone: ${rate(Metrics.proportion(onTime, closedWithDue))} on time`,
    )
}
print()

const fr = overall.firstResolution.calendar
print(
  `First resolution (calendar), n = ${int(fr.n)}: median ${human(fr.median)}, p90 ${human(fr.p90)}, mean ${human(fr.mean)}` +
    ` (${int(used.filter((r) => r.closed === r.created).length)} of them closed at the instant they were created)`,
)
const zeroes = used.filter((r) => r.closed === r.created).length
if (zeroes > 0 && zeroes < fr.n) {
  // The same figure without the tickets closed at creation, with a sketch of our own.
  const sketch = new Metrics.QuantileSketch()
  for (const r of used) if (r.closed !== undefined && r.closed > r.created) sketch.add(r.closed - r.created)
  print(
    `  without those, n = ${int(sketch.count)}: median ${human(sketch.quantile(0.5))}, p90 ${human(sketch.quantile(0.9))}, mean ${human(sketch.mean)}`,
  )
}
print()

// Context for the figures above, straight from the columns: what each year's rows hold.
print("By year opened (local time, as written in the file), from the columns")
print("  year  tickets  with due  closed  closed at creation  open at now")
const years = new Map<string, { n: number; due: number; closed: number; zero: number }>()
for (const r of used) {
  const year = r.year
  const y = years.get(year) ?? { n: 0, due: 0, closed: 0, zero: 0 }
  y.n++
  if (r.targetMs !== undefined) y.due++
  if (r.closed !== undefined) y.closed++
  if (r.closed === r.created) y.zero++
  years.set(year, y)
}
for (const [year, y] of [...years].sort(([a], [b]) => (a < b ? -1 : 1)))
  print(
    `  ${year}  ${int(y.n).padStart(7)}  ${int(y.due).padStart(8)}  ${int(y.closed).padStart(6)}  ${int(y.zero).padStart(18)}  ${int(y.n - y.closed).padStart(11)}`,
  )
print()

/** A name on one line (a quoted CSV field may hold line breaks). */
const oneLine = (name: string): string => name.replace(/\r\n|\r|\n/g, " ")

const table = (
  title: string,
  rows: ReadonlyArray<{ readonly key: Metrics.GroupKey; readonly report: Metrics.MetricsReport }>,
) => {
  const top = [...rows]
    .sort(
      (a, b) => b.report.tickets - a.report.tickets || ((a.key.group ?? "") < (b.key.group ?? "") ? -1 : 1),
    )
    .slice(0, 5)
  print(`${title} (top ${top.length} of ${rows.length} by tickets)`)
  const width = Math.max(...top.map((g) => oneLine(g.key.group ?? "").length))
  print(
    `  ${"".padEnd(width)}  tickets   closed  SLA n  ${"resolution SLA achieved".padEnd(31)}  median resolution`,
  )
  for (const { key, report } of top) {
    const p = report.sla.resolution
    print(
      `  ${oneLine(key.group ?? "").padEnd(width)}  ${int(report.tickets).padStart(7)}  ${int(report.tickets - report.backlog.open).padStart(7)}` +
        `  ${int(p?.n ?? 0).padStart(5)}  ${(p === undefined ? "—" : rate(p)).padEnd(31)}  ${human(report.firstResolution.calendar.median)}`,
    )
  }
}
table("By complaint type", groups)
print()
table("By descriptor", byDescriptor.result().groups)
console.log(out.join("\n"))
