// Internal: the accumulator's options, checked once, and what they make of each ticket's fold.
import { MAX_MS, MIN_MS } from "../calendar/engine.js"
import * as Calendar from "../calendar/index.js"
import { MAX_YEAR, MIN_YEAR } from "../calendar/spec.js"
import * as FollowUp from "../followup/index.js"
import { epochMsOf } from "../internal/instant.js"
import { isKnownZone } from "../internal/time-zones.js"
import * as Sla from "../sla/index.js"
import { builtinVocabulary, Vocabulary } from "../ticket/index.js"
import { describe, isRecord, keyPath } from "./describe.js"
import { InvalidMetrics } from "./errors.js"
import type { FoldOptions } from "./fold.js"
import type { AccumulatorOptions, Dimension } from "./types.js"

const DIMENSIONS: ReadonlyArray<Dimension> = ["channel", "priority", "agent", "group", "period"]

export interface Settings {
  readonly now: number
  readonly calendar: Calendar.Calendar
  readonly sla: AccumulatorOptions["sla"]
  readonly followUp: FollowUp.FollowUpPolicy | undefined
  /** The desk's words the events, `channels` and measures are checked against. */
  readonly vocabulary: Vocabulary
  readonly channels: ReadonlySet<string> | undefined
  readonly groupBy: ReadonlyArray<Dimension>
  readonly period: { readonly unit: "day" | "week" | "month"; readonly timeZone: string } | undefined
  readonly maxReplies: number
  readonly allowReopen: boolean
}

const OPTION_KEYS: ReadonlyArray<string> = [
  "now",
  "calendar",
  "sla",
  "followUp",
  "channels",
  "groupBy",
  "period",
  "oneTouch",
  "vocabulary",
]

const SLA_KEYS: ReadonlyArray<string> = ["policies", "predicates", "clocks"]
const PERIOD_KEYS: ReadonlyArray<string> = ["unit", "timeZone"]
const ONE_TOUCH_KEYS: ReadonlyArray<string> = ["maxReplies", "allowReopen"]

/** Throws, naming the key, when `obj` holds a key not in `keys`. */
const onlyKeys = (obj: object, keys: ReadonlyArray<string>, field: string): void => {
  for (const key of Object.keys(obj))
    if (!keys.includes(key))
      throw new InvalidMetrics({ field: keyPath(field, key), reason: `is not one of ${keys.join(", ")}` })
}

/**
 * The desk vocabulary of `options.vocabulary` (the built-in words when absent); throws, naming
 * `vocabulary`, when it is not one made with `Ticket.vocabulary`.
 */
export const vocabularyOf = (vocabulary: unknown): Vocabulary => {
  if (vocabulary === undefined) return builtinVocabulary
  if (vocabulary instanceof Vocabulary) return vocabulary
  throw new InvalidMetrics({
    field: "vocabulary",
    reason: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
  })
}

/**
 * Throws, naming `field[i]`, unless `list` is a list of the desk's channels (the channels a
 * service level offers).
 */
const checkChannels = (list: unknown, field: string, vocabulary: Vocabulary): void => {
  const known = vocabulary.channels.join(", ")
  if (!Array.isArray(list)) throw new InvalidMetrics({ field, reason: `must be a list of ${known}` })
  list.forEach((c, i) => {
    if (!vocabulary.isChannel(c))
      throw new InvalidMetrics({ field: `${field}[${i}]`, reason: `must be one of ${known}` })
  })
}

export const settingsOf = (options: AccumulatorOptions): Settings => {
  if (!isRecord(options))
    throw new InvalidMetrics({
      field: "options",
      reason: "must be { now, calendar?, sla?, followUp?, groupBy?, … }",
    })
  for (const key of Object.keys(options))
    if (!OPTION_KEYS.includes(key))
      throw new InvalidMetrics({
        field: keyPath("options", key),
        reason: "is not an option of Metrics.accumulator",
      })
  const now = epochMsOf(options.now)
  if (!Number.isFinite(now)) throw new InvalidMetrics({ field: "now", reason: "is not a valid instant" })
  if (!(now >= MIN_MS && now < MAX_MS))
    throw new InvalidMetrics({ field: "now", reason: `must lie in the years ${MIN_YEAR}–${MAX_YEAR}` })
  const calendar = options.calendar ?? Calendar.always
  if (!(calendar instanceof Calendar.Calendar))
    throw new InvalidMetrics({ field: "calendar", reason: "must be a calendar made with Calendar.make" })
  if (options.sla !== undefined) {
    if (!isRecord(options.sla) || !Array.isArray(options.sla.policies))
      throw new InvalidMetrics({
        field: "sla",
        reason: "must be { policies } with policies made with Sla.policy",
      })
    // One vocabulary checks every figure's events: the SLA evaluation gets the options' own.
    if ("vocabulary" in options.sla)
      throw new InvalidMetrics({
        field: "sla.vocabulary",
        reason: "give the desk vocabulary as options.vocabulary (the SLA clocks are evaluated with it)",
      })
    onlyKeys(options.sla, SLA_KEYS, "sla")
    options.sla.policies.forEach((p, i) => {
      if (!Sla.isPolicy(p))
        throw new InvalidMetrics({
          field: `sla.policies[${i}]`,
          reason: "is not a policy made with Sla.policy",
        })
    })
  }
  if (options.followUp !== undefined && !FollowUp.isPolicy(options.followUp))
    throw new InvalidMetrics({ field: "followUp", reason: "must be a policy made with FollowUp.policy" })
  if (options.followUp?.escalateOnSla && options.sla === undefined)
    throw new InvalidMetrics({
      field: "sla",
      reason: "the follow-up policy escalates on SLA clocks: give { policies }",
    })
  const vocabulary = vocabularyOf(options.vocabulary)
  let channels: ReadonlySet<string> | undefined
  if (options.channels !== undefined) {
    checkChannels(options.channels, "channels", vocabulary)
    channels = new Set(options.channels)
  }
  const groupBy = options.groupBy ?? []
  if (!Array.isArray(groupBy))
    throw new InvalidMetrics({ field: "groupBy", reason: `must be a list of ${DIMENSIONS.join(", ")}` })
  groupBy.forEach((d, i) => {
    if (!(DIMENSIONS as ReadonlyArray<string>).includes(d))
      throw new InvalidMetrics({ field: `groupBy[${i}]`, reason: `must be one of ${DIMENSIONS.join(", ")}` })
    if (groupBy.indexOf(d) !== i) throw new InvalidMetrics({ field: `groupBy[${i}]`, reason: `repeats ${d}` })
  })
  const period = options.period
  if (period !== undefined) {
    if (!isRecord(period)) throw new InvalidMetrics({ field: "period", reason: "must be { unit, timeZone }" })
    onlyKeys(period, PERIOD_KEYS, "period")
    if (period.unit !== "day" && period.unit !== "week" && period.unit !== "month")
      throw new InvalidMetrics({ field: "period.unit", reason: 'must be "day", "week" or "month"' })
    if (typeof period.timeZone !== "string" || !isKnownZone(period.timeZone))
      throw new InvalidMetrics({ field: "period.timeZone", reason: "must be a known IANA time zone" })
  }
  if (groupBy.includes("period") && period === undefined)
    throw new InvalidMetrics({
      field: "period",
      reason: 'is needed to group by "period": { unit, timeZone }',
    })
  const oneTouch = options.oneTouch ?? {}
  if (!isRecord(oneTouch))
    throw new InvalidMetrics({ field: "oneTouch", reason: "must be { maxReplies?, allowReopen? }" })
  onlyKeys(oneTouch, ONE_TOUCH_KEYS, "oneTouch")
  const maxReplies = oneTouch.maxReplies ?? 1
  if (!Number.isSafeInteger(maxReplies) || maxReplies < 0)
    throw new InvalidMetrics({ field: "oneTouch.maxReplies", reason: "must be a non-negative integer" })
  const allowReopen = oneTouch.allowReopen ?? false
  if (typeof allowReopen !== "boolean")
    throw new InvalidMetrics({ field: "oneTouch.allowReopen", reason: "must be a boolean" })
  return {
    now,
    calendar,
    sla: options.sla,
    followUp: options.followUp,
    vocabulary,
    channels,
    // Checked above: names of their kind.
    groupBy: [...groupBy] as Array<Dimension>,
    period:
      period === undefined
        ? undefined
        : { unit: period.unit as "day" | "week" | "month", timeZone: period.timeZone },
    maxReplies,
    allowReopen,
  }
}

/** The parts of the settings an accumulator's JSON holds, and merges must agree on. */
export const shapeOf = (s: Settings) => ({
  groupBy: s.groupBy,
  period: s.period ?? null,
  oneTouch: { maxReplies: s.maxReplies, allowReopen: s.allowReopen },
})

/** The options each ticket's history is read with under `s`. */
export const foldOptionsOf = (s: Settings): FoldOptions => ({
  calendar: s.calendar,
  now: s.now,
  sla: s.sla,
  evaluation:
    s.sla === undefined
      ? undefined
      : { ...s.sla, calendar: s.calendar, now: s.now, vocabulary: s.vocabulary },
  followUp: s.followUp,
  vocabulary: s.vocabulary,
})
