import * as Result from "effect/Result"
import * as z from "zod/mini"
import { MAX_MS, MIN_MS, RANGE_TEXT } from "../internal/instant.js"
import { messageFor, toValidationIssues } from "../internal/issues.js"
import { isKnownZone } from "../internal/time-zones.js"
import type { TicketCommand } from "./commands.js"
import type { TicketEvent } from "./events.js"
import { InvalidCommand, InvalidEvent, type ValidationIssue } from "./validation.js"
import { channels, priorities, surveyKinds, ticketStatuses } from "./vocabulary.js"

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
const channel = z.enum(channels)
const priority = z.enum(priorities)

const requester = z.strictObject({
  id,
  name: z.exactOptional(z.string()),
  timeZone: z.exactOptional(timeZone),
  tier: z.exactOptional(z.string()),
})

const base = <T extends string>(type: T) => ({ type: z.literal(type), ticketId: id, at: instant })

// Shared by the event and the command that carry the same payload, so the two cannot drift.
const payloads = {
  opened: {
    channel,
    priority,
    requester,
    subject: z.exactOptional(z.string()),
    tags: z.exactOptional(z.array(id)),
    openedBy: z.exactOptional(z.enum(["customer", "agent"])),
  },
  message: { channel: z.exactOptional(channel) },
  reply: { agentId: id, channel: z.exactOptional(channel) },
  note: { agentId: id },
  status: { status: z.enum(ticketStatuses) },
  priority: { priority },
  assignment: { agentId: z.exactOptional(id), groupId: z.exactOptional(id) },
  promise: { promiseId: id, dueAt: instant, summary: id },
  promiseId: { promiseId: id },
  survey: { survey: z.enum(surveyKinds), score: z.number(), comment: z.exactOptional(z.string()) },
  followUp: { taskId: id, kind: id },
  merge: { into: id },
}

/**
 * Validates a ticket event from JSON or storage: ISO-8601 strings, epoch milliseconds or
 * `Date`s become `Date`s; unknown keys are rejected. Prefer {@link decodeEvent} for readable issues.
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
export const TicketEventSchema: z.ZodMiniType<TicketEvent, unknown> = z.discriminatedUnion("type", [
  z.strictObject({ ...base("TicketOpened"), ...payloads.opened }),
  z.strictObject({ ...base("CustomerMessaged"), ...payloads.message }),
  z.strictObject({ ...base("AgentReplied"), ...payloads.reply }),
  z.strictObject({ ...base("NoteAdded"), ...payloads.note }),
  z.strictObject({ ...base("StatusChanged"), ...payloads.status }),
  z.strictObject({ ...base("PriorityChanged"), ...payloads.priority }),
  z.strictObject({ ...base("TicketAssigned"), ...payloads.assignment }),
  z.strictObject({ ...base("PromiseMade"), ...payloads.promise }),
  z.strictObject({ ...base("PromiseKept"), ...payloads.promiseId }),
  z.strictObject({ ...base("CustomerChased") }),
  z.strictObject({ ...base("SurveyAnswered"), ...payloads.survey }),
  z.strictObject({ ...base("TicketMerged"), ...payloads.merge }),
  z.strictObject({ ...base("FollowUpSent"), ...payloads.followUp }),
])

/**
 * Validates a ticket command from JSON: ISO-8601 strings, epoch milliseconds or `Date`s become
 * `Date`s; empty ids and unknown keys are rejected. Prefer {@link decodeCommand} for readable issues.
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
export const TicketCommandSchema: z.ZodMiniType<TicketCommand, unknown> = z.discriminatedUnion("type", [
  z.strictObject({ ...base("OpenTicket"), ...payloads.opened }),
  z.strictObject({ ...base("ReceiveCustomerMessage"), ...payloads.message }),
  z.strictObject({ ...base("ReplyToCustomer"), ...payloads.reply }),
  z.strictObject({ ...base("AddInternalNote"), ...payloads.note }),
  z.strictObject({ ...base("ChangeStatus"), ...payloads.status }),
  z.strictObject({ ...base("ChangePriority"), ...payloads.priority }),
  z.strictObject({ ...base("AssignTicket"), ...payloads.assignment }),
  z.strictObject({ ...base("MakePromise"), ...payloads.promise }),
  z.strictObject({ ...base("KeepPromise"), ...payloads.promiseId }),
  z.strictObject({ ...base("RecordCustomerChase") }),
  z.strictObject({ ...base("RecordSurveyAnswer"), ...payloads.survey }),
  z.strictObject({ ...base("RecordFollowUpSent"), ...payloads.followUp }),
  z.strictObject({ ...base("MergeTicket"), ...payloads.merge }),
])

// jitless: zod's fast path compiles code with `new Function`, which the library never runs.
const validate = <A>(
  schema: z.ZodMiniType<A, unknown>,
  input: unknown,
): Result.Result<A, ReadonlyArray<ValidationIssue>> => {
  const parsed = schema.safeParse(input, { error: messageFor, jitless: true })
  return parsed.success ? Result.succeed(parsed.data) : Result.fail(toValidationIssues(parsed.error.issues))
}

/**
 * Decodes a ticket event without throwing; the failure names every bad field by path.
 *
 * @example
 * import { decodeEvent } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const result = decodeEvent({ type: "NoteAdded", ticketId: "T-1", at: "2025-06-03T08:00:00Z", agentId: "a-1" })
 * Result.isSuccess(result) // => true
 *
 * @since 0.1.0
 * @category schemas
 */
export const decodeEvent = (input: unknown): Result.Result<TicketEvent, InvalidEvent> =>
  Result.mapError(validate(TicketEventSchema, input), (issues) => new InvalidEvent({ issues }))

/**
 * Decodes a ticket command without throwing; the failure names every bad field by path.
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
export const decodeCommand = (input: unknown): Result.Result<TicketCommand, InvalidCommand> =>
  Result.mapError(validate(TicketCommandSchema, input), (issues) => new InvalidCommand({ issues }))
