// Internal: the mergeable figures of one group of tickets. Every field is a count or a sketch,
// so two tallies merge by addition into exactly what one pass over both groups would give.
import { between, type Engine } from "../calendar/engine.js"
import { taskKinds } from "../followup/plan.js"
import { describe, isRecord, keyPath } from "./describe.js"
import { InvalidMetrics } from "./errors.js"
import type { TicketFacts } from "./facts.js"
import { type ListKind, nameNumber, nameOfNumber, sharedListNames } from "./names.js"
import { QuantileSketch, type SketchJSON } from "./sketch.js"
import type { TallyJSON } from "./types.js"

/** Counters, in the order of `COUNTERS` (the JSON form lists them by name). */
export const COUNTERS = [
  "tickets",
  "customerOpened",
  "solved",
  "everSolved",
  "reopened",
  "oneTouch",
  "open",
  "replies",
  "chases",
  "chased",
  "inHours",
  "onOfferedChannel",
  "promisesDue",
  "promisesKeptOnTime",
] as const
export type Counter = (typeof COUNTERS)[number]

/** Duration sketches, by name (calendar and business time of each figure). */
export const SKETCHES = [
  "firstReply",
  "firstReplyBusiness",
  "firstResolution",
  "firstResolutionBusiness",
  "fullResolution",
  "fullResolutionBusiness",
  "requesterWait",
  "requesterWaitBusiness",
  "backlogAge",
  "backlogAgeBusiness",
] as const
export type SketchName = (typeof SKETCHES)[number]

/** Survey answers: one count per score, from the scale's minimum (csat 1–5, nps 0–10, ces 1–7). */
const SURVEY_SIZES = { csat: 5, nps: 11, ces: 7 } as const
const SURVEY_MIN = { csat: 1, nps: 0, ces: 1 } as const
export type SurveyName = keyof typeof SURVEY_SIZES
export const SURVEYS: ReadonlyArray<SurveyName> = ["csat", "nps", "ces"]

export class Tally {
  readonly counts: Float64Array = new Float64Array(COUNTERS.length)
  readonly sketches: ReadonlyArray<QuantileSketch> = SKETCHES.map(() => new QuantileSketch())
  readonly answers: Record<SurveyName, Float64Array> = {
    csat: new Float64Array(SURVEY_SIZES.csat),
    nps: new Float64Array(SURVEY_SIZES.nps),
    ces: new Float64Array(SURVEY_SIZES.ces),
  }
  readonly sent: Record<SurveyName, number> = { csat: 0, nps: 0, ces: 0 }
  readonly sla = new Pairs("metric")
  readonly followUps = new Pairs("task")

  count(name: Counter): number {
    return this.counts[COUNTERS.indexOf(name)]!
  }

  sketch(name: SketchName): QuantileSketch {
    return this.sketches[SKETCHES.indexOf(name)]!
  }

  /**
   * Records one ticket (not merged) at `now`, in `engine`'s business time: the requester's wait
   * and the backlog age run on to `now` here, so that facts taken earlier count as of `now`.
   */
  record(
    f: TicketFacts,
    now: number,
    engine: Engine,
    onOfferedChannel: boolean,
    oneTouchReplies: number,
    allowReopen: boolean,
  ): void {
    const c = this.counts
    const s = this.sketches
    c[0]!++
    if (f.customerOpened) c[1]!++
    if (f.solved) c[2]!++
    if (f.everSolved) c[3]!++
    if (f.reopens > 0) c[4]!++
    if (f.solved && (allowReopen || f.reopens === 0) && f.replies <= oneTouchReplies) c[5]!++
    c[7]! += f.replies
    c[8]! += f.chases
    if (f.chases > 0) c[9]!++
    if (f.inHours) c[10]!++
    if (onOfferedChannel) c[11]!++
    c[12]! += f.promisesDue
    c[13]! += f.promisesKeptOnTime
    if (!Number.isNaN(f.firstReplyMs)) {
      s[0]!.addChecked(f.firstReplyMs)
      s[1]!.addChecked(f.firstReplyBusinessMs)
    }
    if (!Number.isNaN(f.firstResolutionMs)) {
      s[2]!.addChecked(f.firstResolutionMs)
      s[3]!.addChecked(f.firstResolutionBusinessMs)
    }
    if (!Number.isNaN(f.fullResolutionMs)) {
      s[4]!.addChecked(f.fullResolutionMs)
      s[5]!.addChecked(f.fullResolutionBusinessMs)
    }
    const since = f.waitingSince
    if (Number.isNaN(since)) {
      s[6]!.addChecked(f.waitMs)
      s[7]!.addChecked(f.waitBusinessMs)
    } else {
      s[6]!.addChecked(f.waitMs + (now - since))
      s[7]!.addChecked(f.waitBusinessMs + between(engine, since, now))
    }
    if (!f.solved) {
      c[6]!++
      s[8]!.addChecked(now - f.openedAt)
      s[9]!.addChecked(between(engine, f.openedAt, now))
    }
    // By kind in branches, not `this.answers[kind]`: a read keyed by a string that varies is slow.
    const answers = f.answers
    for (let k = 0; k < 2 * f.answerCount; k += 2) {
      const kind = answers[k] as SurveyName
      const score = answers[k + 1] as number
      if (kind === "csat") this.answers.csat[score - SURVEY_MIN.csat]!++
      else if (kind === "nps") this.answers.nps[score - SURVEY_MIN.nps]!++
      else this.answers.ces[score - SURVEY_MIN.ces]!++
    }
    const sent = f.surveysSent
    for (let k = 0; k < sent.length; k++) {
      const kind = sent[k] as SurveyName
      if (kind === "csat") this.sent.csat++
      else if (kind === "nps") this.sent.nps++
      else this.sent.ces++
    }
    this.sla.bumpAll(f.slaAchieved, 1, 0)
    this.sla.bumpAll(f.slaBreached, 0, 1)
    this.followUps.bumpAll(f.followUpsOnTime, 1, 0)
    this.followUps.bumpAll(f.followUpsLate, 0, 1)
  }

  merge(other: Tally): void {
    for (let k = 0; k < this.counts.length; k++) this.counts[k]! += other.counts[k]!
    for (let k = 0; k < this.sketches.length; k++) this.sketches[k]!.merge(other.sketches[k]!)
    for (const kind of SURVEYS) {
      const mine = this.answers[kind]
      const theirs = other.answers[kind]
      for (let k = 0; k < mine.length; k++) mine[k]! += theirs[k]!
      this.sent[kind] += other.sent[kind]
    }
    this.sla.merge(other.sla)
    this.followUps.merge(other.followUps)
  }

  toJSON(): TallyJSON {
    // fromEntries defines each key as data (a metric named "__proto__" stays a key).
    const sorted = (p: Pairs): Record<string, readonly [number, number]> =>
      Object.fromEntries(p.sorted().map(([name, good, bad]) => [name, [good, bad] as const]))
    return {
      counts: Object.fromEntries(COUNTERS.map((name, k) => [name, this.counts[k]!])) as Record<
        Counter,
        number
      >,
      durations: Object.fromEntries(SKETCHES.map((name, k) => [name, this.sketches[k]!.toJSON()])) as Record<
        SketchName,
        SketchJSON
      >,
      surveys: {
        csat: { answers: [...this.answers.csat], sent: this.sent.csat },
        nps: { answers: [...this.answers.nps], sent: this.sent.nps },
        ces: { answers: [...this.answers.ces], sent: this.sent.ces },
      },
      sla: sorted(this.sla),
      followUps: sorted(this.followUps),
    }
  }

  static fromJSON(json: unknown, field: string): Tally {
    const t = new Tally()
    const obj = record(json, field)
    const counts = record(obj.counts, `${field}.counts`)
    exactKeys(counts, COUNTERS, `${field}.counts`)
    COUNTERS.forEach((name, k) => {
      t.counts[k] = count(counts[name], `${field}.counts.${name}`)
    })
    const durations = record(obj.durations, `${field}.durations`)
    exactKeys(durations, SKETCHES, `${field}.durations`)
    SKETCHES.forEach((name, k) => {
      try {
        t.sketches[k]!.merge(QuantileSketch.fromJSON(durations[name]))
      } catch (e) {
        if (e instanceof InvalidMetrics)
          throw new InvalidMetrics({ field: `${field}.durations.${name}.${e.field}`, reason: e.reason })
        throw e
      }
    })
    t.#checkAgreement(field)
    const surveys = record(obj.surveys, `${field}.surveys`)
    exactKeys(surveys, SURVEYS, `${field}.surveys`)
    for (const kind of SURVEYS) {
      const s = record(surveys[kind], `${field}.surveys.${kind}`)
      exactKeys(s, ["answers", "sent"], `${field}.surveys.${kind}`)
      if (!Array.isArray(s.answers) || s.answers.length !== SURVEY_SIZES[kind])
        throw new InvalidMetrics({
          field: `${field}.surveys.${kind}.answers`,
          reason: `must be ${SURVEY_SIZES[kind]} counts, one per score`,
        })
      s.answers.forEach((n, k) => {
        t.answers[kind][k] = count(n, `${field}.surveys.${kind}.answers[${k}]`)
      })
      t.sent[kind] = count(s.sent, `${field}.surveys.${kind}.sent`)
    }
    for (const key of ["sla", "followUps"] as const) {
      const pairs = record(obj[key], `${field}.${key}`)
      for (const [name, pair] of Object.entries(pairs)) {
        const at = keyPath(`${field}.${key}`, name)
        if (key === "sla" ? name === "" : !(taskKinds as ReadonlyArray<string>).includes(name))
          throw new InvalidMetrics({
            field: at,
            reason:
              key === "sla"
                ? "must be named by an SLA metric"
                : `is not a follow-up task kind (${taskKinds.join(", ")})`,
          })
        if (!Array.isArray(pair) || pair.length !== 2)
          throw new InvalidMetrics({ field: at, reason: "must be a pair of counts" })
        t[key].bump(name, count(pair[0], `${at}[0]`), count(pair[1], `${at}[1]`))
      }
    }
    exactKeys(obj, ["counts", "durations", "surveys", "sla", "followUps"], field)
    return t
  }

  /**
   * Throws, naming the field, unless the counts and sketches agree as recording tickets makes
   * them agree: a count never exceeds the count it is part of (reopened ≤ everSolved ≤ tickets …),
   * open + solved = tickets, and each duration sketch holds one value per ticket it is about.
   */
  #checkAgreement(field: string): void {
    const c = (name: Counter) => this.counts[COUNTERS.indexOf(name)]!
    const atMost = (part: Counter, whole: Counter): void => {
      if (c(part) > c(whole))
        throw new InvalidMetrics({
          field: `${field}.counts.${part}`,
          reason: `is ${c(part)}, more than counts.${whole} (${c(whole)}) it is part of`,
        })
    }
    for (const part of [
      "customerOpened",
      "solved",
      "everSolved",
      "chased",
      "inHours",
      "onOfferedChannel",
    ] as const)
      atMost(part, "tickets")
    atMost("solved", "everSolved")
    atMost("reopened", "everSolved")
    atMost("oneTouch", "solved")
    atMost("chased", "chases")
    atMost("promisesKeptOnTime", "promisesDue")
    if (c("open") + c("solved") !== c("tickets"))
      throw new InvalidMetrics({
        field: `${field}.counts.open`,
        reason: `must be counts.tickets − counts.solved (${c("tickets") - c("solved")}), is ${c("open")}`,
      })
    const sketchCount = (name: SketchName) => this.sketches[SKETCHES.indexOf(name)]!.count
    const holds = (name: SketchName, count: Counter, exactly: boolean): void => {
      for (const figure of [name, `${name}Business`] as const) {
        const n = sketchCount(figure as SketchName)
        if (exactly ? n !== c(count) : n > c(count))
          throw new InvalidMetrics({
            field: `${field}.durations.${figure}.count`,
            reason: `is ${n}, ${exactly ? "must equal" : "more than"} counts.${count} (${c(count)})`,
          })
      }
    }
    holds("firstReply", "customerOpened", false)
    holds("firstReply", "replies", false)
    holds("firstResolution", "everSolved", true)
    holds("fullResolution", "solved", true)
    holds("requesterWait", "tickets", true)
    holds("backlogAge", "open", true)
  }
}

/**
 * `[good, bad]` counts by name (SLA metric, follow-up kind). A ticket adds some ten of them,
 * always the same names, mostly as shared lists (names.ts): the counts of a name with a number
 * are kept at twice its number in one typed array, so that the tallies of every group find them
 * through the list's own numbers and read no index of their own. Other names go to a map.
 */
export class Pairs {
  /** The kind of the names counted: a shared list of this kind has its names' numbers. */
  readonly #kind: ListKind
  /** `[good, bad]` of the name numbered i at 2i and 2i + 1. */
  #counts = new Float64Array(64)
  /** The numbers of the names counted, in the order met. */
  readonly #numbers: Array<number> = []
  /** The names without a number (past the bound of names kept), with their counts. */
  readonly #others = new Map<string, [number, number]>()

  constructor(kind: ListKind) {
    this.#kind = kind
  }

  /** Adds `[good, bad]` to the counts of `name` (new counts when there are none). */
  bump(name: string, good: number, bad: number): void {
    const n = nameNumber(name)
    if (n >= 0) {
      this.#bump(n, good, bad)
      return
    }
    const pair = this.#others.get(name)
    if (pair === undefined) this.#others.set(name, [good, bad])
    else {
      pair[0] += good
      pair[1] += bad
    }
  }

  /** Adds `[good, bad]` once per name of `names`. */
  bumpAll(names: ReadonlyArray<string>, good: number, bad: number): void {
    if (names.length === 0) return
    const numbers = sharedListNames(this.#kind, names)
    if (numbers === undefined) {
      for (let k = 0; k < names.length; k++) this.bump(names[k]!, good, bad)
      return
    }
    let counts = this.#counts
    for (let k = 0; k < numbers.length; k++) {
      const i = 2 * numbers[k]!
      // Counts met before are added to in place; a new name takes the way round #bump.
      if (i < counts.length && (counts[i] !== 0 || counts[i + 1] !== 0)) {
        counts[i]! += good
        counts[i + 1]! += bad
      } else {
        this.#bump(numbers[k]!, good, bad)
        counts = this.#counts
      }
    }
  }

  /** Adds every count of `other` to this one's. */
  merge(other: Pairs): void {
    for (const n of other.#numbers) this.#bump(n, other.#counts[2 * n]!, other.#counts[2 * n + 1]!)
    for (const [name, [good, bad]] of other.#others) this.bump(name, good, bad)
  }

  /** `[name, good, bad]` of every name, sorted by name. */
  sorted(): Array<readonly [string, number, number]> {
    const rows: Array<readonly [string, number, number]> = this.#numbers.map(
      (n) => [nameOfNumber(n), this.#counts[2 * n]!, this.#counts[2 * n + 1]!] as const,
    )
    for (const [name, [good, bad]] of this.#others) rows.push([name, good, bad])
    return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  }

  #bump(n: number, good: number, bad: number): void {
    const i = 2 * n
    if (i >= this.#counts.length) this.#grow(i)
    const counts = this.#counts
    // A pair at [0, 0] is new (or was restored so): listed once.
    if (counts[i] === 0 && counts[i + 1] === 0 && !this.#numbers.includes(n)) this.#numbers.push(n)
    counts[i]! += good
    counts[i + 1]! += bad
  }

  #grow(i: number): void {
    const grown = new Float64Array(Math.max(2 * this.#counts.length, i + 2))
    grown.set(this.#counts)
    this.#counts = grown
  }
}

export const record = (v: unknown, field: string): Record<string, unknown> => {
  if (!isRecord(v)) throw new InvalidMetrics({ field, reason: "must be an object" })
  return v as Record<string, unknown>
}

export const exactKeys = (obj: Record<string, unknown>, keys: ReadonlyArray<string>, field: string): void => {
  for (const key of Object.keys(obj))
    if (!keys.includes(key))
      throw new InvalidMetrics({ field: keyPath(field, key), reason: "is not a known key" })
  for (const key of keys)
    if (!(key in obj)) throw new InvalidMetrics({ field: `${field}.${key}`, reason: "is missing" })
}

export const count = (v: unknown, field: string): number => {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
    throw new InvalidMetrics({ field, reason: `must be a non-negative integer, received ${describe(v)}` })
  return v + 0 // −0 becomes 0
}
