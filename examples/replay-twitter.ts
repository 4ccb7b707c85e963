/**
 * Replays real Twitter customer-care conversations (25 brands, 2018–2020, from
 * IBM/twitter-customer-care-document-prediction; text and handles removed) through
 * `Metrics.accumulator`, grouped by brand: how long the brand took to answer the customer's
 * first tweet. Prints a table of brands by conversations with the first-reply median and p90
 * (wall-clock time), the overall line, and a cross-check of the accumulator's sketch medians
 * against the exact medians of the file's own `first_reply_seconds` column.
 *
 *   npm exec -- tsx examples/replay-twitter.ts [PATH]
 *
 * Without PATH it reads the in-repo sample,
 * test/fixtures/data/twitter-customer-care-timestamps.sample.csv (357 of the 1 025 rows, every
 * brand included; see that folder's README), so that fresh clones and CI run it; PATH is the full
 * file (the project's shared data: ../shared/data/twitter-customer-care-timestamps.csv). The first
 * line says which file was read.
 *
 * Each row is one ticket, `session_id`: TicketOpened at `first_client_at` on the "social"
 * channel, TicketAssigned to the brand (`company`) as its group, AgentReplied at
 * `first_agent_reply_at` by the brand. Rows that do not parse, whose reply precedes the first
 * customer tweet, whose `first_reply_seconds` disagrees with the two timestamps, that repeat a
 * session, or that the library refuses are reported as `row N: reason` and skipped.
 *
 * Caveat (from the data's README): the conversations were collected backwards from agent replies
 * that contain a URL, so they are not a representative sample of a brand's conversations.
 */
import { Metrics, type Ticket } from "servicekit"
import { instant, int, RowProblem, readRows, refusedByLibrary, rowSummary } from "./lib/csv.js"
import { dataFile } from "./lib/data.js"

const COLUMNS = [
  "split",
  "session_id",
  "company",
  "conversation_start",
  "first_client_at",
  "first_agent_reply_at",
  "url_reply_at",
  "message_count",
  "agent_messages",
  "client_messages",
  "first_reply_seconds",
  "to_url_seconds",
] as const
type Column = (typeof COLUMNS)[number]

const { path, label } = dataFile("twitter-customer-care-timestamps.sample.csv", "replay-twitter.ts")

// --- formatting -------------------------------------------------------------------------------

/** An integer with its thousands set apart by spaces, as in the docs: 1 025. */
/** A duration in a human unit: "45 s", "12 min", "1.4 h", "3.2 d". */
const human = (ms: number | null): string => {
  if (ms === null) return "—"
  const unit = (value: number, name: string) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ${name}`
  const s = ms / 1000
  if (s < 60) return s === 0 ? "0 s" : unit(s, "s")
  if (s < 3600) return unit(s / 60, "min")
  if (s < 48 * 3600) return unit(s / 3600, "h")
  return unit(s / 86_400, "d")
}

// --- reading ----------------------------------------------------------------------------------

interface Conversation {
  readonly line: number
  readonly id: string
  readonly brand: string
  readonly clientAt: number
  readonly replyAt: number
  /** first_reply_seconds, in ms. */
  readonly columnMs: number
  readonly latest: number
}

const at = (v: Readonly<Record<Column, string>>, column: Column): number => {
  const parsed = instant(v[column])
  if (typeof parsed === "string") throw new RowProblem("bad timestamp", `${column}: ${parsed}`)
  return parsed
}

const seen = new Map<string, number>()
const toConversation = (line: number, v: Readonly<Record<Column, string>>): Conversation => {
  if (v.company === "") throw new RowProblem("no brand", "company is empty")
  const clientAt = at(v, "first_client_at")
  const replyAt = at(v, "first_agent_reply_at")
  const others = [at(v, "conversation_start"), at(v, "url_reply_at")]
  if (replyAt < clientAt)
    throw new RowProblem(
      "reply before the customer's tweet",
      `first_agent_reply_at ${v.first_agent_reply_at} is before first_client_at ${v.first_client_at}`,
    )
  const seconds = v.first_reply_seconds === "" ? Number.NaN : Number(v.first_reply_seconds)
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RowProblem(
      "bad first_reply_seconds",
      `first_reply_seconds ${JSON.stringify(v.first_reply_seconds)} is not a duration`,
    )
  const columnMs = Math.round(seconds * 1000)
  if (Math.abs(columnMs - (replyAt - clientAt)) > 1)
    throw new RowProblem(
      "first_reply_seconds disagrees",
      `first_reply_seconds ${v.first_reply_seconds} disagrees with the timestamps (${(replyAt - clientAt) / 1000} s)`,
    )
  const earlier = seen.get(v.session_id)
  if (earlier !== undefined)
    throw new RowProblem("repeated session", `session ${v.session_id} repeats row ${earlier}`)
  seen.set(v.session_id, line)
  return {
    line,
    id: v.session_id,
    brand: v.company,
    clientAt,
    replyAt,
    columnMs,
    latest: Math.max(clientAt, replyAt, ...others),
  }
}

const { items: conversations, problems, rowsRead } = readRows(path, COLUMNS, toConversation)

// --- replaying --------------------------------------------------------------------------------

const now = conversations.reduce((latest, c) => Math.max(latest, c.latest), Number.NEGATIVE_INFINITY)
const acc = Number.isFinite(now) ? Metrics.accumulator({ now, groupBy: ["group"] }) : undefined
const used: Array<Conversation> = []
for (const c of conversations) {
  const events: Array<Ticket.TicketEvent> = [
    {
      type: "TicketOpened",
      ticketId: c.id,
      at: new Date(c.clientAt),
      channel: "social",
      priority: "normal",
      requester: { id: `${c.brand}-customer` },
    },
    { type: "TicketAssigned", ticketId: c.id, at: new Date(c.clientAt), groupId: c.brand },
    { type: "AgentReplied", ticketId: c.id, at: new Date(c.replyAt), agentId: c.brand },
  ]
  try {
    acc?.add(events)
    used.push(c)
  } catch (e) {
    refusedByLibrary(problems, c.line, e)
  }
}

// --- report -----------------------------------------------------------------------------------

const out: Array<string> = []
const print = (line = "") => out.push(line)
print(`Twitter customer care replay of ${label}`)
for (const line of rowSummary(rowsRead, used.length, problems)) print(line)
if (acc === undefined || used.length === 0) {
  print("No usable rows: nothing to report.")
  console.log(out.join("\n"))
  process.exit(0)
}
print(`now = ${new Date(now).toISOString()} (the latest timestamp in the file); times are wall-clock (24/7)`)
print(
  "Caveat: sampled backwards from agent replies containing a URL — not representative of all conversations.",
)
print()

const { overall, groups } = acc.result()
const brands = [...groups].sort(
  (a, b) => b.report.tickets - a.report.tickets || ((a.key.group ?? "") < (b.key.group ?? "") ? -1 : 1),
)
const width = Math.max(8, ...brands.map((g) => (g.key.group ?? "").length))
print(`First reply by brand (sketch quantiles, nearest rank, within 1 %)`)
print(`  ${"brand".padEnd(width)}  conversations   median      p90`)
const line = (name: string, r: Metrics.MetricsReport) =>
  print(
    `  ${name.padEnd(width)}  ${int(r.tickets).padStart(13)}  ${human(r.firstReply.calendar.median).padStart(7)}  ${human(r.firstReply.calendar.p90).padStart(7)}`,
  )
for (const { key, report } of brands) line((key.group ?? "").replace(/\r\n|\r|\n/g, " "), report)
print(`  ${"-".repeat(width + 35)}`)
line("overall", overall)
print()

// Cross-check: the exact median of first_reply_seconds per brand against the sketch's median.
// The sketch answers the nearest rank (the ⌈n/2⌉-th value: the lower middle when n is even); the
// textbook median of an even count is the mean of the two middle values.
interface Gap {
  readonly brand: string
  readonly n: number
  readonly gap: number
  readonly exact: number
  readonly sketch: number
}
const worst = (gaps: ReadonlyArray<Gap>): Gap | undefined =>
  gaps.reduce<Gap | undefined>((w, g) => (w === undefined || g.gap > w.gap ? g : w), undefined)
const nearestRank: Array<Gap> = []
const textbook: Array<Gap> = []
const byBrand = new Map<string, Array<number>>()
for (const c of used) byBrand.set(c.brand, [...(byBrand.get(c.brand) ?? []), c.columnMs])
for (const { key, report } of brands) {
  const brand = key.group ?? ""
  const values = [...(byBrand.get(brand) ?? [])].sort((a, b) => a - b)
  const sketch = report.firstReply.calendar.median
  if (values.length === 0 || sketch === null) continue
  const n = values.length
  const lower = values[Math.ceil(n / 2) - 1]!
  const middle = n % 2 === 1 ? lower : (lower + values[n / 2]!) / 2
  const gap = (exact: number) => (exact === 0 ? Math.abs(sketch) : Math.abs(sketch - exact) / exact)
  nearestRank.push({ brand, n, gap: gap(lower), exact: lower, sketch })
  textbook.push({ brand, n, gap: gap(middle), exact: middle, sketch })
}
const pct = (x: number, digits = 2) => `${(100 * x).toFixed(digits)} %`
const describe = (g: Gap | undefined) =>
  g === undefined
    ? "—"
    : `${pct(g.gap)} (${g.brand}, n = ${g.n}: exact ${(g.exact / 1000).toFixed(3)} s, sketch ${(g.sketch / 1000).toFixed(3)} s)`
print("Cross-check against the exact medians of first_reply_seconds, per brand")
print(
  `  largest relative difference, nearest-rank median (the sketch's definition): ${describe(worst(nearestRank))}`,
)
print(
  `  largest relative difference, textbook median (mean of the two middle values when n is even): ${describe(worst(textbook))}`,
)
const within = nearestRank.filter((g) => g.gap <= 0.01).length
const apart = textbook.filter((g) => g.gap > 0.01)
const evenOnly = apart.every((g) => g.n % 2 === 0)
print(`  ${within} of ${nearestRank.length} brands within 1 % of the nearest-rank median`)
print(
  `  ${apart.length} ${apart.length === 1 ? "brand differs" : "brands differ"} from the textbook median by more than 1 %` +
    (apart.length === 0
      ? ""
      : evenOnly
        ? ": all have an even count whose two middle values lie apart — a matter of definition, not of accuracy"
        : ` (${apart.filter((g) => g.n % 2 === 1).length} with an odd count: unexpected)`),
)
console.log(out.join("\n"))
