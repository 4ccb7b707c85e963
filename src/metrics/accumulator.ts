import { offsetSpanAt } from "../calendar/zone.js"
import type { TicketEvent, Vocabulary } from "../ticket/index.js"
import { isRecord } from "./describe.js"
import { InvalidMetrics } from "./errors.js"
import { emptyFacts, type TicketFacts } from "./facts.js"
import { type FoldOptions, foldTicket } from "./fold.js"
import { checkMeasureAt, readMeasure } from "./read-measure.js"
import { reportOf } from "./report.js"
import { foldOptionsOf, type Settings, settingsOf, shapeOf } from "./settings.js"
import { count, exactKeys, record, Tally } from "./tally.js"
import type {
  AccumulatorJSON,
  AccumulatorOptions,
  Dimension,
  GroupKey,
  MetricsResult,
  TicketMeasure,
} from "./types.js"

const DAY = 86_400_000
/** Values per grouping dimension found by identity before the map is asked (see `indexOf`). */
const RECENT = 16
const pad = (n: number) => (n < 10 ? `0${n}` : String(n))

/** The period of local day number `day` (days since 1970-01-01 in the period's zone). */
const periodKey = (unit: "day" | "week" | "month", day: number): string => {
  const d = new Date(day * DAY)
  if (unit === "month") return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
  if (unit === "day") return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  // ISO week: the week (Monday first) belongs to the year of its Thursday.
  const thursday = day - ((d.getUTCDay() + 6) % 7) + 3
  const year = new Date(thursday * DAY).getUTCFullYear()
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY) / 7) + 1
  return `${year}-W${pad(week)}`
}

/** The periods' keys as `periodKey` writes them. */
const PERIOD_KEYS = {
  day: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  week: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
} as const

/**
 * Why `value` cannot be a group's value of dimension `d` (from JSON, or another accumulator's) in
 * an accumulator of the desk `vocabulary`; `undefined` when it can.
 */
const groupValueProblem = (
  d: Dimension,
  value: unknown,
  unit: "day" | "week" | "month" | undefined,
  vocabulary: Vocabulary,
) => {
  if (typeof value !== "string") return "must be a string"
  if (d === "channel" && !vocabulary.isChannel(value))
    return `must be one of ${vocabulary.channels.join(", ")}`
  if (d === "priority" && !vocabulary.isPriority(value))
    return `must be one of ${vocabulary.priorities.join(", ")}`
  if (d === "period" && unit !== undefined && !PERIOD_KEYS[unit].test(value))
    return `must be a ${unit} as the accumulator writes it (${unit === "day" ? "2025-06-02" : unit === "week" ? "2025-W23" : "2025-06"})`
  return undefined
}

interface Group {
  readonly key: GroupKey
  readonly tally: Tally
}

/**
 * Mergeable figures over any number of tickets: {@link Accumulator.add} each ticket's history,
 * {@link Accumulator.merge} accumulators computed apart (workers, partitions, days), keep them
 * as JSON between runs, and read the {@link Accumulator.result}. Memory depends on the number of
 * groups, not of tickets (durations live in quantile sketches).
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const acc = Metrics.accumulator({ now: new Date("2025-06-06T00:00:00Z") })
 * acc.add([
 *   { type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T09:00:00Z"),
 *     channel: "email", priority: "normal", requester: { id: "c-1" } },
 *   { type: "AgentReplied", ticketId: "T-1", at: new Date("2025-06-05T09:30:00Z"), agentId: "a-1" },
 * ])
 * acc.result().overall.firstReply.calendar.median // => 1_800_000
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export class Accumulator {
  /** @internal */
  readonly settings: Settings
  /** @internal */
  readonly groups = new Map<string, Group>()
  /** @internal */
  merged = 0
  private readonly facts = emptyFacts()
  /** What each history is read with (the options of `Sla.evaluate` made once, not per ticket). */
  private readonly fold: FoldOptions
  /** The tally of every ticket when nothing is grouped. */
  private ungrouped: Tally | undefined
  /** Groups by dimension value numbers: `tree[i][j]…` is the tally of values i, j, … */
  private readonly tree: Array<unknown> = []
  /** Per `groupBy` dimension, the number of each value met. */
  private readonly numbers: ReadonlyArray<Map<string, number>>
  /** Per dimension other than the period, its first values met: `recent[k][i]` is numbered i. */
  private readonly recent: ReadonlyArray<Array<string>>
  /** Local day (days since 1970-01-01 in the period's zone) → number of its period. */
  private readonly periodOfDay = new Map<number, number>()
  /** The two spans of one UTC offset of the period's zone met last (see `periodDay`). */
  private offsetHot: { offset: number; from: number; to: number } | undefined
  private offsetWarm: { offset: number; from: number; to: number } | undefined

  /** @internal */
  constructor(settings: Settings) {
    this.settings = settings
    this.numbers = settings.groupBy.map(() => new Map<string, number>())
    this.recent = settings.groupBy.map(() => [])
    this.fold = foldOptionsOf(settings)
  }

  /**
   * Adds one ticket's event history (merged tickets are counted apart and left out); its
   * channels and priorities are checked against the accumulator's vocabulary. O(events).
   */
  add(events: Iterable<TicketEvent>): this {
    const f = this.facts
    // Everything that may refuse the ticket runs before anything is counted: add is all or nothing.
    if (foldTicket(f, events, this.fold)) this.count(f)
    return this
  }

  /**
   * Adds one ticket's {@link TicketMeasure} (from `Metrics.measure`, possibly stored and read
   * back): the same as adding its history, at a fraction of the cost. Refused, naming the field,
   * when a field is malformed (a channel or priority not in the accumulator's vocabulary) or the
   * measure no longer holds at `now` (`asOf` after it, or `changesAt` at or before it: measure
   * the ticket again).
   */
  addMeasure(measure: TicketMeasure): this {
    const f = this.facts
    checkMeasureAt(f, readMeasure(f, measure, this.settings.vocabulary), this.settings.now)
    this.count(f)
    return this
  }

  /** Counts the ticket in `f` (read from a history, or from a measure) at the accumulator's `now`. */
  private count(f: TicketFacts): void {
    if (f.merged) {
      this.merged++
      return
    }
    const s = this.settings
    this.groupOf().record(
      f,
      s.now,
      s.calendar.engine,
      s.channels?.has(f.channel) ?? false,
      s.maxReplies,
      s.allowReopen,
    )
  }

  /**
   * Adds every ticket of `other` (same `groupBy`, `period` and `oneTouch`) into this one. With
   * another vocabulary, `other`'s groups must be named by this one's channels and priorities.
   */
  merge(other: Accumulator): this {
    if (!(other instanceof Accumulator))
      throw new InvalidMetrics({
        field: "other",
        reason: "must be an accumulator made with Metrics.accumulator",
      })
    const a = shapeOf(this.settings)
    const b = shapeOf(other.settings)
    for (const key of ["groupBy", "period", "oneTouch"] as const)
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key]))
        throw new InvalidMetrics({
          field: key,
          reason: `differs between the accumulators (${JSON.stringify(a[key])} vs ${JSON.stringify(b[key])})`,
        })
    // Another desk's words would make a group this accumulator's JSON cannot be read back with.
    if (other.settings.vocabulary !== this.settings.vocabulary)
      for (const [id, group] of other.groups)
        if (!this.groups.has(id))
          for (const d of this.settings.groupBy) {
            const problem = groupValueProblem(d, group.key[d], undefined, this.settings.vocabulary)
            if (problem !== undefined)
              throw new InvalidMetrics({
                field: `other.groups.${d}`,
                reason: `${JSON.stringify(group.key[d])} is not this accumulator's vocabulary: ${problem}`,
              })
          }
    for (const [id, group] of other.groups) {
      const mine = this.groups.get(id)
      if (mine === undefined) {
        const copy = new Tally()
        copy.merge(group.tally)
        this.groups.set(id, { key: group.key, tally: copy })
      } else mine.tally.merge(group.tally)
    }
    this.merged += other.merged
    return this
  }

  /** The figures so far: over every ticket, and per group (sorted by key) when grouped. */
  result(): MetricsResult {
    const overall = new Tally()
    const groups = this.sortedGroups()
    for (const g of groups) overall.merge(g.tally)
    const hasChannels = this.settings.channels !== undefined
    return {
      overall: reportOf(overall, hasChannels),
      merged: this.merged,
      groups:
        this.settings.groupBy.length === 0
          ? []
          : groups.map((g) => ({ key: g.key, report: reportOf(g.tally, hasChannels) })),
    }
  }

  /** A JSON-safe snapshot, to store or send, and restore with {@link fromJSON}. */
  toJSON(): AccumulatorJSON {
    return {
      version: 1,
      ...shapeOf(this.settings),
      merged: this.merged,
      groups: this.sortedGroups().map((g) => ({ key: g.key, tally: g.tally.toJSON() })),
    }
  }

  /** The groups in the order of their ids (so that results and JSON do not depend on arrival order). */
  private sortedGroups(): Array<Group> {
    return [...this.groups.keys()].sort().map((id) => this.groups.get(id)!)
  }

  /**
   * The tally of the ticket in `this.facts`. Each dimension's values are numbered as they are
   * met, and groups are found by walking a tree of arrays indexed by those numbers: no key string
   * is built per ticket (the `groups` map, keyed by strings, is only touched for a new group).
   */
  private groupOf(): Tally {
    const dims = this.settings.groupBy
    if (dims.length === 0) {
      this.ungrouped ??= this.groupAt("")
      return this.ungrouped
    }
    let node = this.tree
    const last = dims.length - 1
    for (let k = 0; k < last; k++) {
      const index = this.indexOf(k, dims[k]!)
      node[index] ??= []
      node = node[index] as Array<unknown>
    }
    const index = this.indexOf(last, dims[last]!)
    node[index] ??= this.groupAt(this.idOf())
    return node[index] as Tally
  }

  /** The number of the ticket's value of dimension `d` (the `k`-th of `groupBy`). */
  private indexOf(k: number, d: Dimension): number {
    const numbers = this.numbers[k]!
    if (d === "period") {
      const day = this.periodDay()
      const known = this.periodOfDay.get(day)
      if (known !== undefined) return known
      const key = periodKey(this.settings.period!.unit, day)
      const index = numbers.get(key) ?? numbers.set(key, numbers.size).size - 1
      this.periodOfDay.set(day, index)
      return index
    }
    const value = this.valueOf(d)
    // The first values met (channels, priorities: all of them) by identity, before hashing.
    const recent = this.recent[k]!
    for (let i = 0; i < recent.length; i++) if (recent[i] === value) return i
    const index = numbers.get(value)
    if (index !== undefined) return index
    const fresh = numbers.size
    numbers.set(value, fresh)
    if (fresh === recent.length && fresh < RECENT) recent.push(value)
    return fresh
  }

  /**
   * The local day (days since 1970-01-01 in the period's zone) the ticket in `this.facts` was
   * opened on. The zone's offset comes from the two spans of one offset met last (a year has at
   * most two, summer and winter time), else from the zone's tables.
   */
  private periodDay(): number {
    const t = this.facts.openedAt
    const hot = this.offsetHot
    let offset: number
    if (hot !== undefined && t >= hot.from && t < hot.to) offset = hot.offset
    else {
      const warm = this.offsetWarm
      const span =
        warm !== undefined && t >= warm.from && t < warm.to
          ? warm
          : offsetSpanAt(this.settings.period!.timeZone, t)
      this.offsetWarm = hot
      this.offsetHot = span
      offset = span.offset
    }
    return Math.floor((t + offset) / DAY)
  }
  /** The string id of the ticket's group (as the `groups` map, JSON and merge know it). */
  private idOf(): string {
    const dims = this.settings.groupBy
    let id = ""
    for (let k = 0; k < dims.length; k++) id += `${k === 0 ? "" : "\u0000"}${this.valueOf(dims[k]!)}`
    return id
  }

  private groupAt(id: string): Tally {
    const found = this.groups.get(id)
    if (found !== undefined) return found.tally
    const key: Partial<Record<Dimension, string>> = {}
    for (const d of this.settings.groupBy) key[d] = this.valueOf(d)
    const group = { key, tally: new Tally() }
    this.groups.set(id, group)
    return group.tally
  }

  private valueOf(d: Dimension): string {
    const f = this.facts
    switch (d) {
      case "channel":
        return f.channel
      case "priority":
        return f.priority
      case "agent":
        return f.agentId
      case "group":
        return f.groupId
      case "period":
        return periodKey(this.settings.period!.unit, this.periodDay())
    }
  }

  /**
   * Restores an accumulator from {@link Accumulator.toJSON}'s output, with the options that are
   * not data (`now`, calendar, policies, the desk's `vocabulary`: its groups' channels and
   * priorities are checked against it). `groupBy`, `period` and `oneTouch` come from the JSON
   * and must agree with `options` when `options` gives them.
   *
   * @example
   * ```ts
   * import { Metrics, Ticket } from "servicekit"
   * const json = JSON.parse(JSON.stringify(Metrics.accumulator({ now: 0, groupBy: ["channel"] })))
   * Metrics.Accumulator.fromJSON(json, { now: 0, groupBy: ["channel"] }).result().groups // => []
   * // Grouped by the desk's channels: read back with the desk's vocabulary.
   * const vocabulary = Ticket.vocabulary({ channels: ["email", "whatsapp"] })
   * const acc = Metrics.accumulator({ now: new Date("2025-06-06T00:00:00Z"), groupBy: ["channel"], vocabulary })
   * acc.add([{ type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T09:00:00Z"),
   *   channel: "whatsapp", priority: "normal", requester: { id: "c-1" } }])
   * const stored = JSON.parse(JSON.stringify(acc))
   * Metrics.Accumulator.fromJSON(stored, { now: new Date("2025-06-06T00:00:00Z"), vocabulary }).result().overall.tickets // => 1
   * ```
   * @since 0.1.0
   */
  static fromJSON(json: unknown, options: AccumulatorOptions): Accumulator {
    if (!isRecord(options))
      throw new InvalidMetrics({ field: "options", reason: "must be { now, calendar?, sla?, … }" })
    const obj = record(json, "json")
    exactKeys(obj, ["version", "groupBy", "period", "oneTouch", "merged", "groups"], "json")
    if (obj.version !== 1) throw new InvalidMetrics({ field: "json.version", reason: "must be 1" })
    let stored: Settings
    try {
      stored = settingsOf({
        now: 0,
        groupBy: obj.groupBy as ReadonlyArray<Dimension>,
        period: (obj.period ?? undefined) as AccumulatorOptions["period"],
        oneTouch: obj.oneTouch as AccumulatorOptions["oneTouch"],
      })
    } catch (e) {
      if (e instanceof InvalidMetrics)
        throw new InvalidMetrics({ field: `json.${e.field}`, reason: e.reason })
      throw e
    }
    const acc = accumulator({
      ...options,
      groupBy: options.groupBy ?? stored.groupBy,
      period: options.period ?? stored.period,
      oneTouch: options.oneTouch ?? { maxReplies: stored.maxReplies, allowReopen: stored.allowReopen },
    })
    const mine = shapeOf(acc.settings)
    const theirs = shapeOf(stored)
    for (const key of ["groupBy", "period", "oneTouch"] as const)
      if (JSON.stringify(mine[key]) !== JSON.stringify(theirs[key]))
        throw new InvalidMetrics({ field: `json.${key}`, reason: `differs from options.${key}` })
    acc.merged = count(obj.merged, "json.merged")
    if (!Array.isArray(obj.groups))
      throw new InvalidMetrics({ field: "json.groups", reason: "must be a list" })
    obj.groups.forEach((g, i) => {
      const group = record(g, `json.groups[${i}]`)
      exactKeys(group, ["key", "tally"], `json.groups[${i}]`)
      const key = record(group.key, `json.groups[${i}].key`)
      exactKeys(key, stored.groupBy, `json.groups[${i}].key`)
      let id = ""
      const copy: Partial<Record<Dimension, string>> = {}
      stored.groupBy.forEach((d, k) => {
        const value = key[d]
        const problem = groupValueProblem(d, value, stored.period?.unit, acc.settings.vocabulary)
        if (problem !== undefined)
          throw new InvalidMetrics({ field: `json.groups[${i}].key.${d}`, reason: problem })
        copy[d] = value as string
        id += `${k === 0 ? "" : "\u0000"}${value as string}`
      })
      if (acc.groups.has(id))
        throw new InvalidMetrics({ field: `json.groups[${i}].key`, reason: "repeats a group" })
      acc.groups.set(id, {
        key: copy,
        tally: Tally.fromJSON(group.tally, `json.groups[${i}].tally`),
      })
    })
    return acc
  }
}

/**
 * Makes an empty {@link Accumulator}. Throws `InvalidMetrics` naming the bad option.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const byChannel = Metrics.accumulator({ now: new Date("2025-07-01T00:00:00Z"), groupBy: ["channel"] })
 * byChannel.result().overall.tickets // => 0
 * ```
 * @since 0.1.0
 * @category Accumulators
 */
export const accumulator = (options: AccumulatorOptions): Accumulator => new Accumulator(settingsOf(options))
