// Internal: a ticket measure (what `Metrics.measure` returns, possibly stored and read back) read
// into the facts the accumulator counts, every field checked, at millions of measures per second.
import { MAX_MS, MIN_MS } from "../calendar/engine.js"
import { MAX_YEAR, MIN_YEAR } from "../calendar/spec.js"
import { taskKinds } from "../followup/plan.js"
import {
  channels as builtinChannels,
  priorities as builtinPriorities,
  builtinVocabulary,
  type SurveyKind,
  surveyKinds,
  surveyScales,
  type Vocabulary,
} from "../ticket/index.js"
import { InvalidMetrics } from "./errors.js"
import { putAnswer, type TicketFacts } from "./facts.js"
import { isSharedList, type ListKind, NO_NAMES } from "./names.js"
import type { TicketMeasure } from "./types.js"

/**
 * Reads a measure's instant (`Date` or epoch ms), `null` allowed when `nullable`; throws naming it.
 * This and the other readers below keep their refusals in functions of their own, so that they
 * are small enough for the compiler to inline into `readMeasure`, some thirty times over.
 */
const instantOf = (v: unknown, name: string, nullable: boolean, json: boolean): number =>
  v instanceof Date ? instantIn(v.getTime(), name, nullable) : instantAt(v, name, nullable, json)
/** `ms` when whole milliseconds (a Date holds no fraction) within the years the calendars compute in. */
const instantIn = (ms: number, name: string, nullable: boolean): number =>
  Number.isInteger(ms) && ms >= MIN_MS && ms < MAX_MS ? ms : badInstant(name, nullable)
/** A measure's instant that is not a `Date`: epoch ms, `null` (`NaN`) when allowed, an ISO string in JSON. */
const instantAt = (v: unknown, name: string, nullable: boolean, json: boolean): number => {
  if (v === null && nullable) return Number.NaN
  const ms = typeof v === "number" ? v : json && typeof v === "string" ? isoMs(v) : Number.NaN
  return instantIn(ms, name, nullable)
}
const badInstant = (name: string, nullable: boolean): never =>
  refuse(
    name,
    `must be a Date or whole epoch milliseconds from ${MIN_YEAR} to ${MAX_YEAR}${nullable ? ", or null" : ""}`,
  )
/** The refusal of a measure's field `name` (`measure.<name>`). */
const refusal = (name: string, reason: string): InvalidMetrics =>
  new InvalidMetrics({ field: `measure.${name}`, reason })
/** Throws the refusal of `name` (an expression, for the readers below). */
const refuse = (name: string, reason: string): never => {
  throw refusal(name, reason)
}
/**
 * The instant of `text` when it is written as `Date#toJSON` writes it (`2025-06-03T09:30:00.000Z`,
 * what a stored measure holds); `NaN` otherwise — other ISO forms are read by the schema on the
 * slow path. Read digit by digit: nothing is allocated, so a page of measures decodes densely.
 */
export const isoMs = (text: string): number => {
  if (text.length !== 24) return Number.NaN
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i)
    const sep = ISO_SEPARATORS[i]!
    if (sep === 0 ? c < 48 || c > 57 : c !== sep) return Number.NaN
  }
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  // Years below 100 would be read as 19xx by Date.UTC; they lie outside the calendars' years anyway.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN
  return Date.UTC(year, month - 1, day, hour, minute, second, digitsAt(text, 20, 3))
}
/** The character code each position of `YYYY-MM-DDTHH:MM:SS.sssZ` must hold; 0 where a digit goes. */
const ISO_SEPARATORS: ReadonlyArray<number> = [..."0000-00-00T00:00:00.000Z"].map((ch) =>
  ch === "0" ? 0 : ch.charCodeAt(0),
)
const digitsAt = (text: string, from: number, count: number): number => {
  let value = 0
  for (let i = from; i < from + count; i++) value = value * 10 + (text.charCodeAt(i) - 48)
  return value
}
const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31
const countOf = (v: unknown, name: string): number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0
    ? v + 0 // −0 becomes 0
    : refuse(name, "must be a non-negative integer")
/** The longest duration between two instants of the calendars' years, in ms. */
export const LONGEST_MS = MAX_MS - MIN_MS
const durationOf = (v: unknown, name: string, nullable: boolean): number =>
  typeof v === "number" && v >= 0 && v <= LONGEST_MS
    ? v
    : v === null && nullable
      ? Number.NaN
      : refuse(
          name,
          `must be a duration in ms from 0 to ${LONGEST_MS} (${MIN_YEAR}–${MAX_YEAR})${nullable ? ", or null" : ""}`,
        )
/** Throws unless the calendar-time and business-time figures of `name` are both there or both null. */
const pairOf = (calendarMs: number, businessMs: number, name: string): void => {
  if (Number.isNaN(calendarMs) !== Number.isNaN(businessMs)) badPair(name)
}
const badPair = (name: string): never =>
  refuse(`${name}BusinessMs`, `must be null exactly when ${name}Ms is null`)
/** Throws naming `field` unless `holds`. */
const agrees = (holds: boolean, field: string, reason: string): void => {
  if (!holds) refuse(field, reason)
}
const flagOf = (v: unknown, name: string): boolean =>
  typeof v === "boolean" ? v : refuse(name, "must be a boolean")
const textOf = (v: unknown, name: string, nonEmpty: boolean): string =>
  typeof v === "string" && (!nonEmpty || v !== "")
    ? v
    : refuse(name, nonEmpty ? "must be a non-empty string" : "must be a string")
/**
 * Whether `s` is one of `names`: compared one by one, as the names measures hold are these very
 * strings (cheaper than hashing `s` for a `Set`).
 */
const isOneOf = (names: ReadonlyArray<string>, s: unknown): boolean => {
  for (let k = 0; k < names.length; k++) if (s === names[k]) return true
  return false
}
/** Lists of names compared one by one (the built-in ones, a desk's few); a longer one is hashed. */
const SHORT = 8
/** What the names of each kind of list must be (any non-empty string for SLA metrics), and how to say it. */
const LIST_NAMES: Readonly<Record<ListKind, readonly [ReadonlyArray<string> | undefined, string]>> = {
  survey: [surveyKinds, "a survey kind (csat, nps, ces)"],
  metric: [undefined, "an SLA metric name"],
  task: [taskKinds, "a follow-up task kind"],
}

/**
 * The measure's list `v` (field `name`) of names of `kind`, checked, to hold in `f` as it is: lent
 * (`f.borrowed` makes the next history read replace it, so a caller's array is never pushed to).
 * A shared list (what `measure` and `decodeMeasure` give) holds only names of its kind: not
 * checked again.
 */
const listIn = (v: unknown, name: string, kind: ListKind): Array<string> => {
  if (v !== NO_NAMES && !isSharedList(kind, v)) {
    const [names, what] = LIST_NAMES[kind]
    if (!Array.isArray(v)) throw refusal(name, `must be a list of ${what}`)
    for (let k = 0; k < v.length; k++) {
      const s: unknown = v[k]
      if (names === undefined ? !(typeof s === "string" && s !== "") : !isOneOf(names, s))
        throw refusal(`${name}[${k}]`, `must be ${what}`)
    }
  }
  return v as Array<string>
}

/**
 * Reads a ticket measure (`Metrics.measure`'s record, possibly stored and read back) into `f`,
 * checking every field (its channel and priority against `vocabulary`); returns its `asOf`.
 * Throws InvalidMetrics naming `measure.<field>`. With `json`, instants may also be ISO-8601
 * strings (a measure read back from JSON).
 */
export const readMeasure = (
  f: TicketFacts,
  measure: TicketMeasure,
  vocabulary: Vocabulary,
  json = false,
): number => {
  if (typeof measure !== "object" || measure === null)
    throw new InvalidMetrics({
      field: "measure",
      reason: "must be a ticket measure made with Metrics.measure",
    })
  const m = measure as unknown as Record<string, unknown>
  f.borrowed = true
  f.ticketId = textOf(m.ticketId, "ticketId", true)
  const asOf = instantOf(m.asOf, "asOf", false, json)
  const changesAt = instantOf(m.changesAt, "changesAt", true, json)
  if (changesAt <= asOf) throw refusal("changesAt", "must be after asOf")
  f.changesAt = Number.isNaN(changesAt) ? Number.POSITIVE_INFINITY : changesAt
  f.merged = flagOf(m.merged, "merged")
  // The built-in lists themselves (not the vocabulary's frozen copies): the common case reads
  // module constants, as it did before desks had words of their own.
  const builtin = vocabulary === builtinVocabulary
  const channels = builtin ? builtinChannels : vocabulary.channels
  if (!(channels.length <= SHORT ? isOneOf(channels, m.channel) : vocabulary.isChannel(m.channel)))
    throw refusal("channel", `must be one of ${channels.join(", ")}`)
  f.channel = m.channel as string
  const priorities = builtin ? builtinPriorities : vocabulary.priorities
  if (!(priorities.length <= SHORT ? isOneOf(priorities, m.priority) : vocabulary.isPriority(m.priority)))
    throw refusal("priority", `must be one of ${priorities.join(", ")}`)
  f.priority = m.priority as string
  f.agentId = textOf(m.agentId, "agentId", false)
  f.groupId = textOf(m.groupId, "groupId", false)
  f.openedAt = instantOf(m.openedAt, "openedAt", false, json)
  if (f.openedAt > asOf) throw refusal("openedAt", "is after asOf")
  f.customerOpened = flagOf(m.customerOpened, "customerOpened")
  f.inHours = flagOf(m.openedInHours, "openedInHours")
  f.solved = flagOf(m.solved, "solved")
  f.everSolved = flagOf(m.everSolved, "everSolved")
  f.reopens = countOf(m.reopens, "reopens")
  f.replies = countOf(m.replies, "replies")
  f.chases = countOf(m.chases, "chases")
  f.firstReplyMs = durationOf(m.firstReplyMs, "firstReplyMs", true)
  f.firstReplyBusinessMs = durationOf(m.firstReplyBusinessMs, "firstReplyBusinessMs", true)
  f.firstResolutionMs = durationOf(m.firstResolutionMs, "firstResolutionMs", true)
  f.firstResolutionBusinessMs = durationOf(m.firstResolutionBusinessMs, "firstResolutionBusinessMs", true)
  f.fullResolutionMs = durationOf(m.fullResolutionMs, "fullResolutionMs", true)
  f.fullResolutionBusinessMs = durationOf(m.fullResolutionBusinessMs, "fullResolutionBusinessMs", true)
  f.waitMs = durationOf(m.requesterWaitMs, "requesterWaitMs", false)
  f.waitBusinessMs = durationOf(m.requesterWaitBusinessMs, "requesterWaitBusinessMs", false)
  f.waitingSince = instantOf(m.waitingSince, "waitingSince", true, json)
  if (f.waitingSince > asOf) throw refusal("waitingSince", "is after asOf")
  f.promisesDue = countOf(m.promisesDue, "promisesDue")
  f.promisesKeptOnTime = countOf(m.promisesKeptOnTime, "promisesKeptOnTime")
  // What one history cannot give: checked so that a hand-made or damaged measure is refused.
  agrees(f.promisesKeptOnTime <= f.promisesDue, "promisesKeptOnTime", "is more than promisesDue")
  pairOf(f.firstReplyMs, f.firstReplyBusinessMs, "firstReply")
  pairOf(f.firstResolutionMs, f.firstResolutionBusinessMs, "firstResolution")
  pairOf(f.fullResolutionMs, f.fullResolutionBusinessMs, "fullResolution")
  agrees(!f.solved || f.everSolved, "everSolved", "must be true when solved is")
  agrees(f.reopens === 0 || f.everSolved, "reopens", "must be 0 unless everSolved")
  agrees(
    Number.isNaN(f.firstResolutionMs) !== f.everSolved,
    "firstResolutionMs",
    "must be null exactly when everSolved is false",
  )
  agrees(
    Number.isNaN(f.fullResolutionMs) !== f.solved,
    "fullResolutionMs",
    "must be null exactly when solved is false",
  )
  agrees(
    Number.isNaN(f.firstReplyMs) || (f.customerOpened && f.replies > 0),
    "firstReplyMs",
    "must be null unless the customer opened the ticket and an agent replied",
  )
  agrees(Number.isNaN(f.waitingSince) || !f.solved, "waitingSince", "must be null when solved")
  agrees(Number.isNaN(f.waitingSince) || f.waitingSince >= f.openedAt, "waitingSince", "is before openedAt")
  const answers = m.surveyAnswers
  if (!Array.isArray(answers)) throw refusal("surveyAnswers", "must be a list of { survey, score }")
  f.answerCount = 0
  for (let k = 0; k < answers.length; k++) {
    const a = answers[k] as { survey?: unknown; score?: unknown } | null
    const scale =
      typeof a === "object" && a !== null && isOneOf(surveyKinds, a.survey)
        ? surveyScales[a.survey as SurveyKind]
        : undefined
    const score = a?.score
    if (
      scale === undefined ||
      !Number.isInteger(score) ||
      (score as number) < scale.min ||
      (score as number) > scale.max
    )
      throw refusal(
        `surveyAnswers[${k}]`,
        "must be { survey, score } with a score on the survey's scale (csat 1–5, nps 0–10, ces 1–7)",
      )
    putAnswer(f, a!.survey as string, score as number)
  }
  // Unrolled: a loop over the keys would make every one of these reads a generic keyed lookup.
  f.surveysSent = listIn(m.surveysSent, "surveysSent", "survey")
  f.slaAchieved = listIn(m.slaAchieved, "slaAchieved", "metric")
  f.slaBreached = listIn(m.slaBreached, "slaBreached", "metric")
  f.followUpsOnTime = listIn(m.followUpsOnTime, "followUpsOnTime", "task")
  f.followUpsLate = listIn(m.followUpsLate, "followUpsLate", "task")
  return asOf
}

/**
 * Throws unless a measure taken at `asOf` (read into `f`) still holds at `now`: taken at or
 * before it, and its figures not changed by then.
 */
export const checkMeasureAt = (f: TicketFacts, asOf: number, now: number): void => {
  if (asOf > now)
    throw refusal(
      "asOf",
      `${new Date(asOf).toISOString()} is after the accumulator's now (${new Date(now).toISOString()}): events up to then would count`,
    )
  if (f.changesAt <= now)
    throw refusal(
      "changesAt",
      `ticket ${f.ticketId}'s figures change at ${new Date(f.changesAt).toISOString()}, before the accumulator's now: measure it again`,
    )
}
