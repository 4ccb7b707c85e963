// Internal: a fast structural check of the fields the folds (SLA, follow-ups, metrics) read,
// for typed events that may still be malformed at run time (plain JS callers, storage). A full
// schema parse per event would cost more than the evaluation itself; untrusted JSON goes
// through `decodeEvent` first.
import { isKnownZone } from "../internal/time-zones.js"
import type { TicketEvent } from "./events.js"
import { channels, priorities, surveyKinds, ticketStatuses } from "./vocabulary.js"

const SURVEYS: ReadonlySet<unknown> = new Set(surveyKinds)
const STATUSES: ReadonlySet<unknown> = new Set(ticketStatuses)
const PRIORITIES: ReadonlySet<unknown> = new Set(priorities)
const CHANNELS: ReadonlySet<unknown> = new Set(channels)
const isText = (v: unknown) => typeof v === "string" && v !== ""
const isOptionalText = (v: unknown) => v === undefined || isText(v)

/** What is wrong with the fields every event has (`ticketId`, `at`), given their values. */
export const commonProblem = (ticketId: unknown, at: unknown): readonly [string, string] | undefined => {
  if (!isText(ticketId)) return [".ticketId", "must be a non-empty string"]
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    return [".at", "must be a valid Date (decode JSON events with Ticket.decodeEvent)"]
  return undefined
}

/** What is wrong with an event, as [path below the event, reason]; undefined when nothing. */
export const eventProblem = (event: TicketEvent): readonly [string, string] | undefined => {
  if (typeof event !== "object" || event === null) return ["", "is not a ticket event"]
  return commonProblem(event.ticketId, event.at) ?? typeProblem(event)
}

/**
 * What is wrong with the fields of an event's own type (not `ticketId` and `at`: a fold that
 * reads those anyway checks them with {@link commonProblem}, as reading them twice costs more
 * than the rest of the check).
 */
export const typeProblem = (event: TicketEvent): readonly [string, string] | undefined => {
  const e = event as unknown as Record<string, unknown>
  switch (event.type) {
    case "AgentReplied":
    case "NoteAdded":
      return isText(e.agentId) ? undefined : [".agentId", "must be a non-empty string"]
    case "CustomerMessaged":
    case "CustomerChased":
      return undefined
    case "StatusChanged":
      return STATUSES.has(e.status) ? undefined : [".status", `must be one of ${ticketStatuses.join(", ")}`]
    case "TicketOpened": {
      if (!CHANNELS.has(e.channel)) return [".channel", `must be one of ${channels.join(", ")}`]
      if (!PRIORITIES.has(e.priority)) return [".priority", `must be one of ${priorities.join(", ")}`]
      const requester = e.requester as Record<string, unknown> | undefined
      if (typeof requester !== "object" || requester === null || !isText(requester.id))
        return [".requester", "must be { id, … } with a non-empty id"]
      if (
        requester.timeZone !== undefined &&
        !(typeof requester.timeZone === "string" && isKnownZone(requester.timeZone))
      )
        return [".requester.timeZone", "must be a known IANA time zone"]
      if (e.openedBy !== undefined && e.openedBy !== "customer" && e.openedBy !== "agent")
        return [".openedBy", 'must be "customer" or "agent"']
      if (e.tags !== undefined && !(Array.isArray(e.tags) && e.tags.every(isText)))
        return [".tags", "must be a list of non-empty strings"]
      return undefined
    }
    case "PriorityChanged":
      return PRIORITIES.has(e.priority) ? undefined : [".priority", `must be one of ${priorities.join(", ")}`]
    case "TicketAssigned":
      return isOptionalText(e.agentId) && isOptionalText(e.groupId)
        ? undefined
        : [".agentId", "agentId and groupId must be non-empty strings when given"]
    case "TicketMerged":
      return isText(e.into) ? undefined : [".into", "must be a non-empty ticket id"]
    case "PromiseMade":
      if (!isText(e.promiseId)) return [".promiseId", "must be a non-empty string"]
      return e.dueAt instanceof Date && !Number.isNaN(e.dueAt.getTime())
        ? undefined
        : [".dueAt", "must be a valid Date (decode JSON events with Ticket.decodeEvent)"]
    case "PromiseKept":
      return isText(e.promiseId) ? undefined : [".promiseId", "must be a non-empty string"]
    case "SurveyAnswered":
      return SURVEYS.has(e.survey) && typeof e.score === "number"
        ? undefined
        : [".survey", `must be one of ${surveyKinds.join(", ")} with a numeric score`]
    case "FollowUpSent":
      return isText(e.taskId) ? undefined : [".taskId", "must be a non-empty string"]
    default:
      return [".type", `${JSON.stringify((e as { type?: unknown }).type)} is not a ticket event type`]
  }
}

/**
 * What is wrong with an event of one ticket's history whose first event named `ticketId`
 * (`undefined` before the first): another ticket's event, refused so that a caller folding one
 * history never mixes two tickets. `verb` says what the caller does ("evaluate", "plan", "add").
 */
export const otherTicketProblem = (
  id: string,
  ticketId: string | undefined,
  verb: string,
): readonly [string, string] | undefined =>
  ticketId === undefined || id === ticketId
    ? undefined
    : [
        ".ticketId",
        `${JSON.stringify(id)} is another ticket than ${JSON.stringify(ticketId)}: ${verb} one ticket's history at a time`,
      ]
