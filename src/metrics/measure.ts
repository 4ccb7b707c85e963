import * as Result from "effect/Result"
import * as z from "zod/mini"
import { MAX_MS } from "../calendar/engine.js"
import { taskKinds } from "../followup/plan.js"
import { describeIssues, messageFor, toValidationIssues } from "../internal/issues.js"
import {
  builtinVocabulary,
  type Channel,
  channels,
  type Priority,
  priorities,
  type SurveyKind,
  surveyKinds,
  type TicketEvent,
  type Vocabulary,
} from "../ticket/index.js"
import { instant } from "../ticket/schema.js"
import { isRecord, keyPath } from "./describe.js"
import { InvalidMetrics } from "./errors.js"
import { emptyFacts, type TicketFacts } from "./facts.js"
import { foldTicket } from "./fold.js"
import { canonical, NO_NAMES, sharedList } from "./names.js"
import { LONGEST_MS, readMeasure } from "./read-measure.js"
import { foldOptionsOf, settingsOf, vocabularyOf } from "./settings.js"
import type { MeasureOptions, TicketMeasure } from "./types.js"

const MEASURE_KEYS: ReadonlyArray<string> = ["now", "calendar", "sla", "followUp", "vocabulary"]

const durationOrNull = (ms: number): number | null => (Number.isNaN(ms) ? null : ms)
/** The measure of the ticket read into `f` at `asOf`. */
const measureOf = (f: TicketFacts, asOf: number): TicketMeasure => {
  const answers: Array<{ survey: SurveyKind; score: number }> = []
  for (let k = 0; k < 2 * f.answerCount; k += 2)
    answers.push({ survey: canonical(f.answers[k] as SurveyKind), score: f.answers[k + 1] as number })
  return {
    ticketId: f.ticketId,
    asOf: new Date(asOf),
    // No accumulator counts past the calendars' last year: a change after it never comes.
    changesAt: f.changesAt >= MAX_MS ? null : new Date(f.changesAt),
    merged: f.merged,
    channel: canonical(f.channel as Channel),
    priority: canonical(f.priority as Priority),
    agentId: f.agentId,
    groupId: f.groupId,
    openedAt: new Date(f.openedAt),
    customerOpened: f.customerOpened,
    openedInHours: f.inHours,
    solved: f.solved,
    everSolved: f.everSolved,
    reopens: f.reopens,
    replies: f.replies,
    chases: f.chases,
    firstReplyMs: durationOrNull(f.firstReplyMs),
    firstReplyBusinessMs: durationOrNull(f.firstReplyBusinessMs),
    firstResolutionMs: durationOrNull(f.firstResolutionMs),
    firstResolutionBusinessMs: durationOrNull(f.firstResolutionBusinessMs),
    fullResolutionMs: durationOrNull(f.fullResolutionMs),
    fullResolutionBusinessMs: durationOrNull(f.fullResolutionBusinessMs),
    requesterWaitMs: f.waitMs,
    requesterWaitBusinessMs: f.waitBusinessMs,
    waitingSince: Number.isNaN(f.waitingSince) ? null : new Date(f.waitingSince),
    promisesDue: f.promisesDue,
    promisesKeptOnTime: f.promisesKeptOnTime,
    surveyAnswers: answers.length === 0 ? NO_NAMES : answers,
    surveysSent: sharedList("survey", f.surveysSent),
    slaAchieved: sharedList("metric", f.slaAchieved),
    slaBreached: sharedList("metric", f.slaBreached),
    followUpsOnTime: sharedList("task", f.followUpsOnTime),
    followUpsLate: sharedList("task", f.followUpsLate),
  }
}

/**
 * Measures one ticket's history at `now` (events after it are left for a later measure): what it
 * contributes to the metrics, to keep and add to accumulators with {@link Accumulator.addMeasure}.
 * Returns `undefined` when the history holds no opened ticket (there is nothing to count).
 * Throws `InvalidMetrics` naming the bad option or event, as {@link Accumulator.add} does. With
 * `vocabulary`, the events' channels and priorities are the desk's (checked against it).
 * O(events), plus an SLA evaluation and a follow-up plan when the options give policies.
 *
 * @example
 * ```ts
 * import { Metrics, Ticket } from "servicekit"
 * const now = new Date("2025-06-06T00:00:00Z")
 * const events = [
 *   { type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T09:00:00Z"),
 *     channel: "chat", priority: "high", requester: { id: "c-1" } },
 * ] as const
 * const measure = Metrics.measure(events, { now })!
 * measure.waitingSince // => new Date("2025-06-05T09:00:00Z")
 * Metrics.accumulator({ now }).addMeasure(measure).result().overall.backlog.open // => 1
 * // A desk's own words:
 * const vocabulary = Ticket.vocabulary({ channels: ["chat", "whatsapp"], priorities: ["P2", "P1"] })
 * const desk = [{ ...events[0], channel: "whatsapp", priority: "P1" }]
 * Metrics.measure(desk, { now, vocabulary })?.priority // => "P1"
 * ```
 * @since 0.1.0
 * @category Measures
 */
export const measure = (
  events: Iterable<TicketEvent>,
  options: MeasureOptions,
): TicketMeasure | undefined => {
  if (isRecord(options))
    for (const key of Object.keys(options))
      if (!MEASURE_KEYS.includes(key))
        throw new InvalidMetrics({
          field: keyPath("options", key),
          reason: "is not an option of Metrics.measure",
        })
  const settings = settingsOf(options)
  // asOf is a Date: a fraction of a millisecond would make it another instant than the one measured at.
  if (!Number.isInteger(settings.now))
    throw new InvalidMetrics({ field: "now", reason: "must be a Date or whole epoch milliseconds" })
  const f = emptyFacts()
  return foldTicket(f, events, foldOptionsOf(settings)) ? measureOf(f, settings.now) : undefined
}

const count = z.int().check(z.gte(0))
const duration = z.number().check(z.gte(0), z.lte(LONGEST_MS))
const text = z.string()
const surveyKind = z.enum(surveyKinds)
const followUpKind = z.enum(taskKinds)

/** The measure schema with these channels and priorities (typed as their names when they are literals). */
const schemaOf = <C extends string, P extends string>(
  channelNames: ReadonlyArray<C>,
  priorityNames: ReadonlyArray<P>,
) =>
  z.strictObject({
    ticketId: z.string().check(z.minLength(1)),
    asOf: instant,
    changesAt: z.nullable(instant),
    merged: z.boolean(),
    channel: z.enum(channelNames as [C, ...Array<C>]),
    priority: z.enum(priorityNames as [P, ...Array<P>]),
    agentId: text,
    groupId: text,
    openedAt: instant,
    customerOpened: z.boolean(),
    openedInHours: z.boolean(),
    solved: z.boolean(),
    everSolved: z.boolean(),
    reopens: count,
    replies: count,
    chases: count,
    firstReplyMs: z.nullable(duration),
    firstReplyBusinessMs: z.nullable(duration),
    firstResolutionMs: z.nullable(duration),
    firstResolutionBusinessMs: z.nullable(duration),
    fullResolutionMs: z.nullable(duration),
    fullResolutionBusinessMs: z.nullable(duration),
    requesterWaitMs: duration,
    requesterWaitBusinessMs: duration,
    waitingSince: z.nullable(instant),
    promisesDue: count,
    promisesKeptOnTime: count,
    surveyAnswers: z.array(z.strictObject({ survey: surveyKind, score: z.int() })),
    surveysSent: z.array(surveyKind),
    slaAchieved: z.array(z.string().check(z.minLength(1))),
    slaBreached: z.array(z.string().check(z.minLength(1))),
    followUpsOnTime: z.array(followUpKind),
    followUpsLate: z.array(followUpKind),
  })

/**
 * The zod/mini schema of a {@link TicketMeasure} as JSON (instants as ISO strings, epoch ms or
 * `Date`s); unknown keys are rejected. {@link decodeMeasure} uses it and names each bad field.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * Metrics.TicketMeasureSchema.safeParse({ ticketId: "T-1" }).success // => false
 * ```
 * @since 0.1.0
 * @category Measures
 */
export const TicketMeasureSchema = schemaOf(channels, priorities)

/** The schema of a desk's measures: channels and priorities are any of the desk's names. */
type MeasureSchema = ReturnType<typeof schemaOf<Channel, Priority>>

const schemas = new WeakMap<Vocabulary, MeasureSchema>()

/**
 * The measure schema of a desk vocabulary: {@link TicketMeasureSchema} with the desk's channels
 * and priorities. Made once per vocabulary.
 *
 * @example
 * ```ts
 * import { Metrics, Ticket } from "servicekit"
 * const desk = Ticket.vocabulary({ channels: ["email", "whatsapp"] })
 * Metrics.measureSchemaFor(desk).shape.channel.safeParse("whatsapp").success // => true
 * Metrics.TicketMeasureSchema.shape.channel.safeParse("whatsapp").success // => false
 * ```
 * @since 0.2.0
 * @category Measures
 */
export const measureSchemaFor = (vocabulary: Vocabulary): MeasureSchema => {
  const checked = vocabularyOf(vocabulary)
  if (checked === builtinVocabulary) return TicketMeasureSchema
  let schema = schemas.get(checked)
  if (schema === undefined) {
    schema = schemaOf(checked.channels, checked.priorities)
    schemas.set(checked, schema)
  }
  return schema
}

/**
 * Reads a stored measure (e.g. `JSON.parse` of a {@link TicketMeasure}) without throwing: the
 * measure with `Date`s, or an `InvalidMetrics` naming the first bad field (`measure.replies`, …)
 * and describing its first problems. A measure taken with a desk `vocabulary` is read back with
 * it (its channel and priority are the desk's words); giving something else than a vocabulary
 * made by `Ticket.vocabulary` is a programmer's mistake, thrown as `InvalidMetrics` naming
 * `vocabulary`.
 *
 * @example
 * ```ts
 * import { Metrics, Ticket } from "servicekit"
 * import * as Result from "effect/Result"
 * const now = new Date("2025-06-06T00:00:00Z")
 * const events = [{ type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T09:00:00Z"),
 *   channel: "chat", priority: "high", requester: { id: "c-1" } }] as const
 * const stored = JSON.parse(JSON.stringify(Metrics.measure(events, { now })))
 * Result.isSuccess(Metrics.decodeMeasure(stored)) // => true
 * const bad = Metrics.decodeMeasure({ ...stored, replies: -1 })
 * Result.isFailure(bad) && bad.failure.field // => "measure.replies"
 * // The desk's words, read back with its vocabulary:
 * const desk = Ticket.vocabulary({ channels: ["chat", "whatsapp"] })
 * const onWhatsapp = { ...stored, channel: "whatsapp" }
 * Result.isSuccess(Metrics.decodeMeasure(onWhatsapp, desk)) // => true
 * const refused = Metrics.decodeMeasure(onWhatsapp)
 * Result.isFailure(refused) && refused.failure.field // => "measure.channel"
 * ```
 * @since 0.1.0
 * @category Measures
 */
export const decodeMeasure = (
  input: unknown,
  vocabulary: Vocabulary = builtinVocabulary,
): Result.Result<TicketMeasure, InvalidMetrics> => {
  const schema = measureSchemaFor(vocabulary)
  // The fast path reads the fields by hand, as the accumulator does (zod's parse costs some 30 µs
  // per measure, more than measuring the history again); zod only explains a measure it refuses.
  const f = emptyFacts()
  try {
    if (hasExactlyTheKeys(input))
      return Result.succeed(measureOf(f, readMeasure(f, input as TicketMeasure, vocabulary, true)))
  } catch (e) {
    if (!(e instanceof InvalidMetrics)) throw e
  }
  const parsed = schema.safeParse(input, { error: messageFor, jitless: true })
  if (!parsed.success) {
    const issues = toValidationIssues(parsed.error.issues)
    const first = issues[0]!
    return Result.fail(
      new InvalidMetrics({
        field: first.path === "" ? "measure" : `measure.${first.path}`,
        // A measure has some 35 fields: the first problems say enough, and keep the message short.
        reason:
          issues.length > MAX_ISSUES
            ? `${describeIssues(issues.slice(0, MAX_ISSUES), "measure")}; and ${issues.length - MAX_ISSUES} more`
            : describeIssues(issues, "measure"),
      }),
    )
  }
  // The schema takes what the fast path may not (an ISO date-time in another form): read its output.
  try {
    return Result.succeed(measureOf(f, readMeasure(f, parsed.data as TicketMeasure, vocabulary)))
  } catch (e) {
    if (e instanceof InvalidMetrics) return Result.fail(e)
    throw e
  }
}

/** Problems of a refused measure described in its error at most. */
const MAX_ISSUES = 8

const MEASURE_FIELDS: ReadonlySet<string> = new Set(Object.keys(TicketMeasureSchema.def.shape))
/**
 * A plain object with every field of a measure and no other key, nor any in its survey answers
 * (`addMeasure` reads the fields it counts; the exact shape is checked here, where stored data
 * comes in).
 */
const hasExactlyTheKeys = (input: unknown): boolean => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return false
  let keys = 0
  for (const key in input) {
    if (!Object.hasOwn(input, key) || !MEASURE_FIELDS.has(key)) return false
    keys++
  }
  if (keys !== MEASURE_FIELDS.size) return false
  const answers = (input as { surveyAnswers?: unknown }).surveyAnswers
  return (
    !Array.isArray(answers) ||
    answers.every((a) => typeof a !== "object" || a === null || Object.keys(a).length === 2)
  )
}
