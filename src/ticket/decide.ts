import * as Result from "effect/Result"
import { stateProblem } from "./check-state.js"
import type { TicketCommand, TicketCommandType } from "./commands.js"
import { builtinVocabulary, sameFieldValue, type Vocabulary } from "./desk-vocabulary.js"
import {
  DuplicatePromise,
  InvalidTransition,
  MergeIntoSelf,
  PromiseAlreadyKept,
  PromiseDueTooEarly,
  SurveyBeforeResolution,
  SurveyScoreOutOfRange,
  TicketAlreadyExists,
  TicketAlreadyMerged,
  TicketClosed,
  type TicketError,
  TicketIdMismatch,
  TicketNotFound,
  TimeWentBackwards,
  UnknownPromise,
} from "./errors.js"
import type { TicketEvent } from "./events.js"
import { isAllowedTransition } from "./rules.js"
import { checkedVocabulary, decodeCommand } from "./schema.js"
import type { OpenedTicket, TicketState } from "./state.js"
import { InvalidTicketState } from "./validation.js"
import { type Requester, surveyScales } from "./vocabulary.js"

/**
 * What {@link decide} returns: the events to append (possibly none), or the rule the command broke.
 *
 * @example
 * import { Ticket } from "servicekit"
 * import * as Result from "effect/Result"
 *
 * const decision: Ticket.Decision = Ticket.decide(Ticket.initialState, {
 *   type: "RecordCustomerChase",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 * })
 * Result.isFailure(decision) // => true
 *
 * @since 0.1.0
 * @category decider
 */
export type Decision = Result.Result<ReadonlyArray<TicketEvent>, TicketError>

const sameRequester = (a: Requester, b: Requester): boolean =>
  a.id === b.id &&
  a.name === b.name &&
  a.timeZone === b.timeZone &&
  a.tier === b.tier &&
  a.organization === b.organization

const emit = (...events: ReadonlyArray<TicketEvent>): Decision => Result.succeed(events)
const nothing: Decision = Result.succeed([])

// Survey answers and sent follow-ups arrive after the fact, typically once a solved ticket has
// been closed, so a closed ticket still records them; everything else needs a follow-up ticket.
const acceptedWhenClosed: ReadonlySet<TicketCommandType> = new Set([
  "RecordSurveyAnswer",
  "RecordFollowUpSent",
])

// Each command's payload has the same fields as its event, so an event is the command renamed.
const decideOn = (
  ticket: OpenedTicket,
  command: Exclude<TicketCommand, { type: "OpenTicket" }>,
): Decision => {
  switch (command.type) {
    case "ReceiveCustomerMessage": {
      const message = { ...command, type: "CustomerMessaged" } as const
      // A customer writing back wakes the ticket: solved reopens, pending (waiting on them) resumes.
      return ticket.status === "solved" || ticket.status === "pending"
        ? emit({ type: "StatusChanged", ticketId: ticket.id, at: command.at, status: "open" }, message)
        : emit(message)
    }
    case "ReplyToCustomer":
      return emit({ ...command, type: "AgentReplied" })
    case "AddInternalNote":
      return emit({ ...command, type: "NoteAdded" })
    case "ChangeStatus": {
      // Decoding filled `status` with the custom status's category.
      const status = command.status!
      const { customStatus } = command
      const changed = {
        type: "StatusChanged",
        ticketId: command.ticketId,
        at: command.at,
        status,
        ...(customStatus !== undefined && { customStatus }),
      } as const
      // The machine works on categories: a move between statuses of one category is always allowed.
      if (status === ticket.status) return customStatus === ticket.customStatus ? nothing : emit(changed)
      return isAllowedTransition(ticket.status, status)
        ? emit(changed)
        : Result.fail(new InvalidTransition({ ticketId: ticket.id, from: ticket.status, to: status }))
    }
    case "AddTags": {
      const tags = [...new Set(command.tags)].filter((t) => !ticket.tags.includes(t))
      return tags.length === 0 ? nothing : emit({ ...command, type: "TagsAdded", tags })
    }
    case "RemoveTags": {
      const tags = [...new Set(command.tags)].filter((t) => ticket.tags.includes(t))
      return tags.length === 0 ? nothing : emit({ ...command, type: "TagsRemoved", tags })
    }
    case "SetField": {
      const fields = ticket.fields
      const current =
        fields !== undefined && Object.hasOwn(fields, command.field) ? fields[command.field] : undefined
      return sameFieldValue(current, command.value) ? nothing : emit({ ...command, type: "FieldSet" })
    }
    case "ClearField":
      return ticket.fields !== undefined && Object.hasOwn(ticket.fields, command.field)
        ? emit({ ...command, type: "FieldCleared" })
        : nothing
    case "ChangeRequester":
      return sameRequester(ticket.requester, command.requester)
        ? nothing
        : emit({ ...command, type: "RequesterChanged" })
    case "ChangePriority":
      return command.priority === ticket.priority ? nothing : emit({ ...command, type: "PriorityChanged" })
    case "AssignTicket":
      return command.agentId === ticket.assignee.agentId && command.groupId === ticket.assignee.groupId
        ? nothing
        : emit({ ...command, type: "TicketAssigned" })
    case "MakePromise": {
      const { promiseId } = command
      if ([...ticket.openPromises, ...ticket.keptPromises].some((p) => p.promiseId === promiseId)) {
        return Result.fail(new DuplicatePromise({ ticketId: ticket.id, promiseId }))
      }
      return command.dueAt.getTime() > command.at.getTime()
        ? emit({ ...command, type: "PromiseMade" })
        : Result.fail(new PromiseDueTooEarly({ promiseId, dueAt: command.dueAt, madeAt: command.at }))
    }
    case "KeepPromise": {
      const { promiseId } = command
      if (ticket.openPromises.some((p) => p.promiseId === promiseId))
        return emit({ ...command, type: "PromiseKept" })
      const kept = ticket.keptPromises.find((p) => p.promiseId === promiseId)
      return Result.fail(
        kept === undefined
          ? new UnknownPromise({ ticketId: ticket.id, promiseId })
          : new PromiseAlreadyKept({ ticketId: ticket.id, promiseId, keptAt: kept.keptAt }),
      )
    }
    case "RecordCustomerChase":
      return emit({ ...command, type: "CustomerChased" })
    case "RecordSurveyAnswer": {
      if (ticket.status !== "solved" && ticket.status !== "closed") {
        return Result.fail(new SurveyBeforeResolution({ ticketId: ticket.id, status: ticket.status }))
      }
      const { min, max } = surveyScales[command.survey]
      const { score } = command
      return Number.isInteger(score) && score >= min && score <= max
        ? emit({ ...command, type: "SurveyAnswered" })
        : Result.fail(new SurveyScoreOutOfRange({ survey: command.survey, score, min, max }))
    }
    case "RecordFollowUpSent":
      // Recording is idempotent: a redelivered "sent" report must not look like a second send.
      return ticket.followUpsSent.some((f) => f.taskId === command.taskId)
        ? nothing
        : emit({ ...command, type: "FollowUpSent" })
    case "RecordAutomation":
      // No state to check: idempotency is the desk's (keyed on the firingId), not the ticket's.
      return emit({ ...command, type: "AutomationApplied" })
    case "MergeTicket":
      return command.into === ticket.id
        ? Result.fail(new MergeIntoSelf({ ticketId: ticket.id }))
        : emit({ ...command, type: "TicketMerged" })
  }
}

/**
 * Decides what a command means for a ticket: the events to append, or the rule it breaks.
 * Pure: the command's `at` is the only clock. The command is validated first (so plain-JS
 * callers get `InvalidCommand`, not a crash), then checked against the ticket's state. A `state`
 * that is not a ticket state (not from `initialState`, `evolve` or `replay`) is a programming
 * error: `decide` throws `InvalidTicketState` naming its bad field.
 *
 * No-ops succeed with no events: a status or priority change to the current value, an
 * assignment that is already in place, a follow-up that is already recorded as sent, tags the
 * ticket already has (or lacks, to remove), a field set to its value or cleared when empty, and
 * the requester as it is.
 *
 * `vocabulary` is the desk's (default: the built-in words): the command's channel, priority,
 * custom status and fields are checked against it.
 *
 * @example
 * import { decide, initialState } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const result = decide(initialState, {
 *   type: "OpenTicket",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "email",
 *   priority: "normal",
 *   requester: { id: "c-1" },
 * })
 * Result.isSuccess(result) && result.success[0]?.type // => "TicketOpened"
 *
 * @since 0.1.0
 * @category decider
 */
export const decide = (
  state: TicketState,
  command: TicketCommand,
  vocabulary: Vocabulary = builtinVocabulary,
): Decision => {
  const problem = stateProblem(state, "state", checkedVocabulary(vocabulary))
  if (problem !== undefined) throw new InvalidTicketState({ field: problem[0], reason: problem[1] })
  const decoded = decodeCommand(command, vocabulary)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const valid = decoded.success
  if (!state.exists) {
    return valid.type === "OpenTicket"
      ? emit({ ...valid, type: "TicketOpened" })
      : Result.fail(new TicketNotFound({ ticketId: valid.ticketId, command: valid.type }))
  }
  if (valid.ticketId !== state.id) {
    return Result.fail(new TicketIdMismatch({ expected: state.id, received: valid.ticketId }))
  }
  if (valid.type === "OpenTicket") return Result.fail(new TicketAlreadyExists({ ticketId: state.id }))
  if (valid.at.getTime() < state.lastEventAt.getTime()) {
    return Result.fail(
      new TimeWentBackwards({ ticketId: state.id, at: valid.at, lastEventAt: state.lastEventAt }),
    )
  }
  if (state.mergedInto !== undefined) {
    return Result.fail(
      new TicketAlreadyMerged({ ticketId: state.id, into: state.mergedInto, command: valid.type }),
    )
  }
  if (state.status === "closed" && !acceptedWhenClosed.has(valid.type)) {
    return Result.fail(new TicketClosed({ ticketId: state.id, command: valid.type }))
  }
  return decideOn(state, valid)
}
