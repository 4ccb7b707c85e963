import * as Result from "effect/Result"
import * as z from "zod/mini"
import { describe, isRecord } from "../internal/describe.js"
import { MAX_MS, MIN_MS, RANGE_TEXT } from "../internal/instant.js"
import { messageFor, toValidationIssues } from "../internal/issues.js"
import { isKnownZone } from "../internal/time-zones.js"
import type { TicketCommand } from "./commands.js"
import {
  builtinVocabulary,
  fieldValueProblem,
  InvalidVocabulary,
  undeclared,
  Vocabulary,
} from "./desk-vocabulary.js"
import type { TicketEvent } from "./events.js"
import { InvalidCommand, InvalidEvent, type ValidationIssue } from "./validation.js"
import { type FieldType, type FieldValue, surveyKinds, ticketStatuses } from "./vocabulary.js"

const inRange = (d: Date): boolean => {
  const t = d.getTime()
  return t >= MIN_MS && t < MAX_MS
}

/**
 * An instant: a `Date`, an ISO-8601 date-time with offset, or whole epoch milliseconds; decoded
 * as a `Date` in the library's range (the years 1900–2399, UTC), so that every decoded event's
 * own JSON decodes back to it.
 */
export const instant = z.pipe(
  z.union(
    [
      z.date(),
      z.pipe(
        z.iso.datetime({ offset: true }),
        z.transform((s: string) => new Date(s)),
      ),
      z.pipe(
        z.int(),
        z.transform((ms: number) => new Date(ms)),
      ),
    ],
    { error: "expected an ISO-8601 date-time (e.g. 2025-06-03T08:00:00Z), epoch milliseconds or a Date" },
  ),
  z.date().check(z.refine(inRange, `must lie in ${RANGE_TEXT}`)),
)

const id = z.string().check(z.minLength(1))

const timeZone = z.string().check(z.refine(isKnownZone, "expected an IANA time zone such as Europe/Rome"))

const requester = z.strictObject({
  id,
  name: z.exactOptional(z.string()),
  timeZone: z.exactOptional(timeZone),
  tier: z.exactOptional(z.string()),
  organization: z.exactOptional(z.string()),
})

/** A field value as JSON holds it: a date is an ISO string until the vocabulary says it is a date. */
const fieldValue = z.union(
  [
    z.string(),
    z.number().check(z.refine(Number.isFinite, "must be finite")),
    z.boolean(),
    z.date(),
    z.array(z.string()),
  ],
  { error: "expected a string, a finite number, a boolean, a date or a list of strings" },
)
const fieldName = z.string().check(z.minLength(1))
const tagList = z.array(id).check(z.minLength(1))

const base = <T extends string>(type: T) => ({ type: z.literal(type), ticketId: id, at: instant })

type EventSchema = z.ZodMiniType<TicketEvent, unknown>
type CommandSchema = z.ZodMiniType<TicketCommand, unknown>

/** The event and command schemas of one vocabulary: its channels and priorities are the enums. */
const build = (vocabulary: Vocabulary): { events: EventSchema; commands: CommandSchema } => {
  const channel = z.enum(vocabulary.channels as [string, ...Array<string>])
  const priority = z.enum(vocabulary.priorities as [string, ...Array<string>])
  // Shared by the event and the command that carry the same payload, so the two cannot drift.
  const payloads = {
    opened: {
      channel,
      priority,
      requester,
      subject: z.exactOptional(z.string()),
      tags: z.exactOptional(z.array(id)),
      fields: z.exactOptional(z.record(fieldName, fieldValue)),
      openedBy: z.exactOptional(z.enum(["customer", "agent"])),
    },
    message: { channel: z.exactOptional(channel) },
    reply: { agentId: id, channel: z.exactOptional(channel) },
    note: { agentId: id },
    priority: { priority },
    assignment: { agentId: z.exactOptional(id), groupId: z.exactOptional(id) },
    promise: { promiseId: id, dueAt: instant, summary: id },
    promiseId: { promiseId: id },
    survey: { survey: z.enum(surveyKinds), score: z.number(), comment: z.exactOptional(z.string()) },
    followUp: { taskId: id, kind: id },
    automation: { firingId: id, ruleId: id },
    merge: { into: id },
    tags: { tags: tagList },
    field: { field: fieldName, value: fieldValue },
    fieldName: { field: fieldName },
    requester: { requester },
  }
  const events = z.discriminatedUnion("type", [
    z.strictObject({ ...base("TicketOpened"), ...payloads.opened }),
    z.strictObject({ ...base("CustomerMessaged"), ...payloads.message }),
    z.strictObject({ ...base("AgentReplied"), ...payloads.reply }),
    z.strictObject({ ...base("NoteAdded"), ...payloads.note }),
    z.strictObject({
      ...base("StatusChanged"),
      status: z.enum(ticketStatuses),
      customStatus: z.exactOptional(id),
    }),
    z.strictObject({ ...base("PriorityChanged"), ...payloads.priority }),
    z.strictObject({ ...base("TicketAssigned"), ...payloads.assignment }),
    z.strictObject({ ...base("PromiseMade"), ...payloads.promise }),
    z.strictObject({ ...base("PromiseKept"), ...payloads.promiseId }),
    z.strictObject({ ...base("CustomerChased") }),
    z.strictObject({ ...base("SurveyAnswered"), ...payloads.survey }),
    z.strictObject({ ...base("TicketMerged"), ...payloads.merge }),
    z.strictObject({ ...base("FollowUpSent"), ...payloads.followUp }),
    z.strictObject({ ...base("AutomationApplied"), ...payloads.automation }),
    z.strictObject({ ...base("TagsAdded"), ...payloads.tags }),
    z.strictObject({ ...base("TagsRemoved"), ...payloads.tags }),
    z.strictObject({ ...base("FieldSet"), ...payloads.field }),
    z.strictObject({ ...base("FieldCleared"), ...payloads.fieldName }),
    z.strictObject({ ...base("RequesterChanged"), ...payloads.requester }),
  ]) as unknown as EventSchema
  const commands = z.discriminatedUnion("type", [
    z.strictObject({ ...base("OpenTicket"), ...payloads.opened }),
    z.strictObject({ ...base("ReceiveCustomerMessage"), ...payloads.message }),
    z.strictObject({ ...base("ReplyToCustomer"), ...payloads.reply }),
    z.strictObject({ ...base("AddInternalNote"), ...payloads.note }),
    z
      .strictObject({
        ...base("ChangeStatus"),
        status: z.exactOptional(z.enum(ticketStatuses)),
        customStatus: z.exactOptional(id),
      })
      .check(
        z.refine((c) => c.status !== undefined || c.customStatus !== undefined, {
          message: "is required (a status category, or a customStatus)",
          path: ["status"],
        }),
      ),
    z.strictObject({ ...base("ChangePriority"), ...payloads.priority }),
    z.strictObject({ ...base("AssignTicket"), ...payloads.assignment }),
    z.strictObject({ ...base("MakePromise"), ...payloads.promise }),
    z.strictObject({ ...base("KeepPromise"), ...payloads.promiseId }),
    z.strictObject({ ...base("RecordCustomerChase") }),
    z.strictObject({ ...base("RecordSurveyAnswer"), ...payloads.survey }),
    z.strictObject({ ...base("RecordFollowUpSent"), ...payloads.followUp }),
    z.strictObject({ ...base("RecordAutomation"), ...payloads.automation }),
    z.strictObject({ ...base("MergeTicket"), ...payloads.merge }),
    z.strictObject({ ...base("AddTags"), ...payloads.tags }),
    z.strictObject({ ...base("RemoveTags"), ...payloads.tags }),
    z.strictObject({ ...base("SetField"), ...payloads.field }),
    z.strictObject({ ...base("ClearField"), ...payloads.fieldName }),
    z.strictObject({ ...base("ChangeRequester"), ...payloads.requester }),
  ]) as unknown as CommandSchema
  return { events, commands }
}

const builtin = build(builtinVocabulary)
const built = new WeakMap<Vocabulary, { events: EventSchema; commands: CommandSchema }>()
const schemasOf = (vocabulary: Vocabulary) => {
  if (vocabulary === builtinVocabulary) return builtin
  let schemas = built.get(vocabulary)
  if (schemas === undefined) {
    schemas = build(vocabulary)
    built.set(vocabulary, schemas)
  }
  return schemas
}

/**
 * Validates a ticket event from JSON or storage: ISO-8601 strings, epoch milliseconds or
 * `Date`s become `Date`s; unknown keys are rejected. Channels and priorities are the built-in
 * ones (see {@link eventSchemaFor} for a desk's own). Prefer {@link decodeEvent} for readable
 * issues and for fields of kind `date`.
 *
 * @example
 * import { TicketEventSchema } from "servicekit/ticket"
 *
 * const event = TicketEventSchema.parse({ type: "CustomerChased", ticketId: "T-1", at: "2025-06-03T08:00:00Z" })
 * event.at instanceof Date // => true
 *
 * @since 0.1.0
 * @category schemas
 */
export const TicketEventSchema: z.ZodMiniType<TicketEvent, unknown> = builtin.events

/**
 * Validates a ticket command from JSON: ISO-8601 strings, epoch milliseconds or `Date`s become
 * `Date`s; empty ids and unknown keys are rejected. Channels and priorities are the built-in ones
 * (see {@link commandSchemaFor}). Prefer {@link decodeCommand} for readable issues.
 *
 * @example
 * import { TicketCommandSchema } from "servicekit/ticket"
 *
 * const command = TicketCommandSchema.parse({ type: "ReplyToCustomer", ticketId: "T-1", at: "2025-06-03T09:00:00Z", agentId: "a-1" })
 * command.type // => "ReplyToCustomer"
 *
 * @since 0.1.0
 * @category schemas
 */
export const TicketCommandSchema: z.ZodMiniType<TicketCommand, unknown> = builtin.commands

/**
 * The event schema of a desk vocabulary: {@link TicketEventSchema} with the desk's channels and
 * priorities. Made once per vocabulary.
 *
 * @example
 * import { eventSchemaFor, vocabulary } from "servicekit/ticket"
 *
 * const desk = vocabulary({ channels: ["email", "whatsapp"] })
 * eventSchemaFor(desk).safeParse({ type: "CustomerMessaged", ticketId: "T-1", at: "2025-06-03T08:00:00Z", channel: "whatsapp" }).success // => true
 *
 * @since 0.2.0
 * @category schemas
 */
export const eventSchemaFor = (vocabulary: Vocabulary): z.ZodMiniType<TicketEvent, unknown> =>
  schemasOf(checkedVocabulary(vocabulary)).events

/**
 * The command schema of a desk vocabulary: {@link TicketCommandSchema} with the desk's channels
 * and priorities. Made once per vocabulary.
 *
 * @example
 * import { commandSchemaFor, vocabulary } from "servicekit/ticket"
 *
 * const desk = vocabulary({ priorities: ["P4", "P3", "P2", "P1"] })
 * commandSchemaFor(desk).safeParse({ type: "ChangePriority", ticketId: "T-1", at: "2025-06-03T08:00:00Z", priority: "P1" }).success // => true
 *
 * @since 0.2.0
 * @category schemas
 */
export const commandSchemaFor = (vocabulary: Vocabulary): z.ZodMiniType<TicketCommand, unknown> =>
  schemasOf(checkedVocabulary(vocabulary)).commands

// jitless: zod's fast path compiles code with `new Function`, which the library never runs.
const validate = <A>(
  schema: z.ZodMiniType<A, unknown>,
  input: unknown,
): Result.Result<A, ReadonlyArray<ValidationIssue>> => {
  const parsed = schema.safeParse(input, { error: messageFor, jitless: true })
  return parsed.success ? Result.succeed(parsed.data) : Result.fail(toValidationIssues(parsed.error.issues))
}

const ISO = z.iso.datetime({ offset: true })

/** Whether `text` is an ISO-8601 date-time with an offset, as event instants and date fields take it. */
export const isIsoDateTime = (text: string): boolean => ISO.safeParse(text).success

/** `vocabulary`, or an `InvalidVocabulary` thrown when it is not one made by `Ticket.vocabulary`. */
export const checkedVocabulary = (vocabulary: unknown): Vocabulary => {
  if (vocabulary instanceof Vocabulary) return vocabulary
  throw new InvalidVocabulary([
    {
      path: "(vocabulary)",
      message: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
    },
  ])
}

/**
 * A field value of a declared kind, from JSON: a `date` field's ISO-8601 string becomes a `Date`.
 * Pushes an issue (and returns undefined) when the value is not of the declared kind.
 */
const typedValue = (
  value: FieldValue,
  type: FieldType,
  path: string,
  issues: Array<ValidationIssue>,
): FieldValue | undefined => {
  let v = value
  if (type === "date" && typeof v === "string") {
    if (!isIsoDateTime(v)) {
      issues.push({
        path,
        message: `expected an ISO-8601 date-time for the date field, received ${describe(v)}`,
      })
      return undefined
    }
    v = new Date(v)
  }
  const problem = fieldValueProblem(v, type)
  if (problem === undefined) return v
  issues.push({ path, message: problem })
  return undefined
}

/**
 * Reads the decoded fields of an event or command against the vocabulary: declared fields get
 * their kind (dates decoded); an undeclared field is refused in a command (`strict`) and kept as
 * it is in an event (a history keeps its meaning when a field leaves the vocabulary).
 */
const typedFields = (
  fields: Readonly<Record<string, FieldValue>>,
  vocabulary: Vocabulary,
  path: string,
  strict: boolean,
  issues: Array<ValidationIssue>,
): Record<string, FieldValue> => {
  const out: Record<string, FieldValue> = Object.create(null)
  for (const [name, value] of Object.entries(fields)) {
    const type = vocabulary.fieldType(name)
    if (type === undefined) {
      if (strict)
        issues.push({ path: `${path}.${name}`, message: undeclared("field", Object.keys(vocabulary.fields)) })
      else out[name] = value
      continue
    }
    const typed = typedValue(value, type, `${path}.${name}`, issues)
    if (typed !== undefined) out[name] = typed
  }
  return out
}

/** The event read against the vocabulary's fields. */
const eventIn = (event: TicketEvent, vocabulary: Vocabulary, issues: Array<ValidationIssue>): TicketEvent => {
  if (event.type === "TicketOpened" && event.fields !== undefined)
    return { ...event, fields: typedFields(event.fields, vocabulary, "fields", false, issues) }
  if (event.type === "FieldSet") {
    const type = vocabulary.fieldType(event.field)
    const value = type === undefined ? event.value : typedValue(event.value, type, "value", issues)
    return value === undefined ? event : { ...event, value }
  }
  return event
}

/** The command read against the vocabulary: declared fields and custom statuses only. */
const commandIn = (
  command: TicketCommand,
  vocabulary: Vocabulary,
  issues: Array<ValidationIssue>,
): TicketCommand => {
  switch (command.type) {
    case "OpenTicket":
      return command.fields === undefined
        ? command
        : { ...command, fields: typedFields(command.fields, vocabulary, "fields", true, issues) }
    case "SetField":
    case "ClearField": {
      const type = vocabulary.fieldType(command.field)
      if (type === undefined) {
        issues.push({ path: "field", message: undeclared("field", Object.keys(vocabulary.fields)) })
        return command
      }
      if (command.type === "ClearField") return command
      const value = typedValue(command.value, type, "value", issues)
      return value === undefined ? command : { ...command, value }
    }
    case "ChangeStatus": {
      if (command.customStatus === undefined) return command
      const category = vocabulary.categoryOf(command.customStatus)
      if (category === undefined) {
        issues.push({
          path: "customStatus",
          message: undeclared("custom status", Object.keys(vocabulary.statuses)),
        })
        return command
      }
      if (command.status !== undefined && command.status !== category)
        issues.push({
          path: "status",
          message: `${describe(command.status)} is not the category of ${describe(command.customStatus)}, which is ${describe(category)}`,
        })
      return { ...command, status: category }
    }
    default:
      return command
  }
}

/**
 * A `fields` object with an own `__proto__` key, which zod's record parser would drop silently:
 * refused by path instead (no field may be named so).
 */
const protoFieldIssue = (input: unknown): ReadonlyArray<ValidationIssue> | undefined => {
  const fields = isRecord(input) ? input.fields : undefined
  return isRecord(fields) && Object.hasOwn(fields, "__proto__")
    ? [{ path: "fields.__proto__", message: "is not a field name" }]
    : undefined
}

/**
 * Decodes a ticket event without throwing; the failure names every bad field by path. With the
 * desk's `vocabulary`, its channels and priorities are the accepted ones and a `date` field's
 * ISO-8601 string becomes a `Date`; a field the vocabulary does not declare keeps its JSON value.
 *
 * @example
 * import { decodeEvent, vocabulary } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const result = decodeEvent({ type: "NoteAdded", ticketId: "T-1", at: "2025-06-03T08:00:00Z", agentId: "a-1" })
 * Result.isSuccess(result) // => true
 * const desk = vocabulary({ fields: { renewalDate: "date" } })
 * const set = decodeEvent({ type: "FieldSet", ticketId: "T-1", at: "2025-06-03T08:00:00Z", field: "renewalDate", value: "2026-01-31T00:00:00Z" }, desk)
 * Result.isSuccess(set) && set.success.type === "FieldSet" && set.success.value instanceof Date // => true
 *
 * @since 0.1.0
 * @category schemas
 */
export const decodeEvent = (
  input: unknown,
  vocabulary: Vocabulary = builtinVocabulary,
): Result.Result<TicketEvent, InvalidEvent> => {
  const proto = protoFieldIssue(input)
  if (proto !== undefined) return Result.fail(new InvalidEvent({ issues: proto }))
  const decoded = validate(schemasOf(checkedVocabulary(vocabulary)).events, input)
  if (Result.isFailure(decoded)) return Result.fail(new InvalidEvent({ issues: decoded.failure }))
  const issues: Array<ValidationIssue> = []
  const event = eventIn(decoded.success, vocabulary, issues)
  return issues.length > 0 ? Result.fail(new InvalidEvent({ issues })) : Result.succeed(event)
}

/**
 * Decodes a ticket command without throwing; the failure names every bad field by path. With the
 * desk's `vocabulary`: its channels and priorities are accepted, fields must be declared and hold
 * their declared kind (a `date` from an ISO-8601 string), and a `customStatus` must be declared
 * (its category fills `status`).
 *
 * @example
 * import { decodeCommand } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const result = decodeCommand({ type: "OpenTicket", ticketId: "T-1", at: "2025-06-03T08:00:00Z", channel: "fax" })
 * Result.isFailure(result) && result.failure.issues.map((i) => i.path) // => ["channel", "priority", "requester"]
 *
 * @since 0.1.0
 * @category schemas
 */
export const decodeCommand = (
  input: unknown,
  vocabulary: Vocabulary = builtinVocabulary,
): Result.Result<TicketCommand, InvalidCommand> => {
  const proto = protoFieldIssue(input)
  if (proto !== undefined) return Result.fail(new InvalidCommand({ issues: proto }))
  const decoded = validate(schemasOf(checkedVocabulary(vocabulary)).commands, input)
  if (Result.isFailure(decoded)) return Result.fail(new InvalidCommand({ issues: decoded.failure }))
  const issues: Array<ValidationIssue> = []
  const command = commandIn(decoded.success, vocabulary, issues)
  return issues.length > 0 ? Result.fail(new InvalidCommand({ issues })) : Result.succeed(command)
}
