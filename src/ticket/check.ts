// Internal: a fast structural check of the fields the folds (SLA, follow-ups, metrics) read,
// for typed events that may still be malformed at run time (plain JS callers, storage). A full
// schema parse per event would cost more than the evaluation itself; untrusted JSON goes
// through `decodeEvent` first.
import { describe, isRecord } from "../internal/describe.js"
import { instantProblem, MAX_MS, MIN_MS } from "../internal/instant.js"
import { isKnownZone } from "../internal/time-zones.js"
import { builtinVocabulary, fieldValueProblem, type Vocabulary } from "./desk-vocabulary.js"
import type { TicketEvent } from "./events.js"
import { surveyKinds, ticketStatuses } from "./vocabulary.js"

const SURVEYS: ReadonlySet<unknown> = new Set(surveyKinds)
const STATUSES: ReadonlySet<unknown> = new Set(ticketStatuses)
const isTextList = (v: unknown) => Array.isArray(v) && v.every(isText)
const isText = (v: unknown) => typeof v === "string" && v !== ""
const isOptionalText = (v: unknown) => v === undefined || isText(v)
const isOptionalString = (v: unknown) => v === undefined || typeof v === "string"

/** What is wrong with a `Date` field of an event (a valid `Date` in the library's range), if anything. */
const dateProblem = (value: unknown): string | undefined =>
  value instanceof Date
    ? instantProblem(value)
    : `must be a Date, received ${describe(value)} (decode JSON events with Ticket.decodeEvent)`

/** What is wrong with the fields every event has (`ticketId`, `at`), given their values. */
export const commonProblem = (ticketId: unknown, at: unknown): readonly [string, string] | undefined => {
  if (!isText(ticketId)) return [".ticketId", "must be a non-empty string"]
  // A valid Date is checked by its time alone: the common case costs one comparison pair.
  if (at instanceof Date) {
    const t = at.getTime()
    if (t >= MIN_MS && t < MAX_MS) return undefined
  }
  const problem = dateProblem(at)
  return problem === undefined ? undefined : [".at", problem]
}

/** What is wrong with an event, as [path below the event, reason]; undefined when nothing. */
export const eventProblem = (
  event: TicketEvent,
  vocabulary: Vocabulary = builtinVocabulary,
): readonly [string, string] | undefined => {
  if (typeof event !== "object" || event === null) return ["", "is not a ticket event"]
  return commonProblem(event.ticketId, event.at) ?? typeProblem(event, vocabulary)
}

const notChannel = (v: Vocabulary): readonly [string, string] => [
  ".channel",
  `must be one of ${v.channels.join(", ")}`,
]
const notPriority = (v: Vocabulary): readonly [string, string] => [
  ".priority",
  `must be one of ${v.priorities.join(", ")}`,
]

/** What is wrong with the fields a ticket opens with (a record of field values), if anything. */
const fieldsProblem = (fields: unknown, vocabulary: Vocabulary): readonly [string, string] | undefined => {
  if (fields === undefined) return undefined
  if (!isRecord(fields)) return [".fields", `must be an object of field values, received ${describe(fields)}`]
  for (const name in fields) {
    if (name === "" || name === "__proto__") return [`.fields.${name}`, "is not a field name"]
    const problem = fieldValueProblem(fields[name], vocabulary.fieldType(name))
    if (problem !== undefined) return [`.fields.${name}`, problem]
  }
  return undefined
}

/**
 * What is wrong with a requester (`{ id, name?, timeZone?, tier? }`, as events and ticket states
 * hold it), as [path from `at`, reason]; undefined when nothing.
 */
export const requesterProblem = (
  r: Record<string, unknown>,
  at: string,
): readonly [string, string] | undefined => {
  for (const key in r)
    if (key !== "id" && key !== "name" && key !== "timeZone" && key !== "tier" && key !== "organization")
      return [`${at}.${key}`, "unknown key (a requester has id, name, timeZone, tier, organization)"]
  for (const key of ["name", "tier", "organization"] as const)
    if (r[key] !== undefined && typeof r[key] !== "string")
      return [`${at}.${key}`, `must be a string when given, received ${describe(r[key])}`]
  if (r.timeZone !== undefined && !(typeof r.timeZone === "string" && isKnownZone(r.timeZone)))
    return [`${at}.timeZone`, `must be a known IANA time zone when given, received ${describe(r.timeZone)}`]
  return isText(r.id) ? undefined : [`${at}.id`, `must be a non-empty string, received ${describe(r.id)}`]
}

/**
 * What is wrong with a `TicketOpened`'s own fields. Kept out of `typeProblem`, which every event
 * of every fold calls, so that its switch stays small; this longer check runs once per ticket.
 */
const openedProblem = (
  e: Record<string, unknown>,
  vocabulary: Vocabulary,
): readonly [string, string] | undefined => {
  if (!vocabulary.isChannel(e.channel)) return notChannel(vocabulary)
  if (!vocabulary.isPriority(e.priority)) return notPriority(vocabulary)
  const requester = e.requester as Record<string, unknown> | undefined
  if (typeof requester !== "object" || requester === null || !isText(requester.id))
    return [".requester", "must be { id, … } with a non-empty id"]
  const problem = requesterProblem(requester, ".requester")
  if (problem !== undefined) return problem
  if (e.openedBy !== undefined && e.openedBy !== "customer" && e.openedBy !== "agent")
    return [".openedBy", 'must be "customer" or "agent"']
  if (e.tags !== undefined && !(Array.isArray(e.tags) && e.tags.every(isText)))
    return [".tags", "must be a list of non-empty strings"]
  if (!isOptionalString(e.subject)) return [".subject", "must be a string"]
  return fieldsProblem(e.fields, vocabulary)
}

/** What is wrong with the events that change a ticket's data (tags, fields, requester). */
const dataProblem = (
  e: Record<string, unknown>,
  vocabulary: Vocabulary,
): readonly [string, string] | undefined => {
  switch (e.type) {
    case "TagsAdded":
    case "TagsRemoved":
      return isTextList(e.tags) ? undefined : [".tags", "must be a list of non-empty strings"]
    case "FieldSet": {
      if (!isText(e.field) || e.field === "__proto__") return [".field", "must be a non-empty field name"]
      const problem = fieldValueProblem(e.value, vocabulary.fieldType(e.field))
      return problem === undefined ? undefined : [".value", problem]
    }
    case "FieldCleared":
      return isText(e.field) ? undefined : [".field", "must be a non-empty field name"]
    default: {
      const requester = e.requester
      if (!isRecord(requester)) return [".requester", `must be { id, … }, received ${describe(requester)}`]
      return requesterProblem(requester, ".requester")
    }
  }
}

/**
 * What is wrong with the fields of an event's own type (not `ticketId` and `at`: a fold that
 * reads those anyway checks them with {@link commonProblem}, as reading them twice costs more
 * than the rest of the check).
 */
export const typeProblem = (
  event: TicketEvent,
  vocabulary: Vocabulary = builtinVocabulary,
): readonly [string, string] | undefined => {
  const e = event as unknown as Record<string, unknown>
  switch (event.type) {
    case "AgentReplied":
      if (e.channel !== undefined && !vocabulary.isChannel(e.channel)) return notChannel(vocabulary)
      return isText(e.agentId) ? undefined : [".agentId", "must be a non-empty string"]
    case "NoteAdded":
      return isText(e.agentId) ? undefined : [".agentId", "must be a non-empty string"]
    case "CustomerMessaged":
      return e.channel === undefined || vocabulary.isChannel(e.channel) ? undefined : notChannel(vocabulary)
    case "CustomerChased":
      return undefined
    case "StatusChanged":
      if (!STATUSES.has(e.status)) return [".status", `must be one of ${ticketStatuses.join(", ")}`]
      return isOptionalText(e.customStatus)
        ? undefined
        : [".customStatus", "must be a non-empty string when given"]
    case "TicketOpened":
      return openedProblem(e, vocabulary)
    case "PriorityChanged":
      return vocabulary.isPriority(e.priority) ? undefined : notPriority(vocabulary)
    case "TagsAdded":
    case "TagsRemoved":
    case "FieldSet":
    case "FieldCleared":
    case "RequesterChanged":
      return dataProblem(e, vocabulary)
    case "TicketAssigned":
      return isOptionalText(e.agentId) && isOptionalText(e.groupId)
        ? undefined
        : [".agentId", "agentId and groupId must be non-empty strings when given"]
    case "TicketMerged":
      return isText(e.into) ? undefined : [".into", "must be a non-empty ticket id"]
    case "PromiseMade":
      if (!isText(e.promiseId)) return [".promiseId", "must be a non-empty string"]
      if (!isText(e.summary)) return [".summary", "must be a non-empty string"]
      {
        const problem = dateProblem(e.dueAt)
        return problem === undefined ? undefined : [".dueAt", problem]
      }
    case "PromiseKept":
      return isText(e.promiseId) ? undefined : [".promiseId", "must be a non-empty string"]
    case "SurveyAnswered":
      if (!SURVEYS.has(e.survey)) return [".survey", `must be one of ${surveyKinds.join(", ")}`]
      if (typeof e.score !== "number" || !Number.isFinite(e.score))
        return [".score", "must be a finite number"]
      return isOptionalString(e.comment) ? undefined : [".comment", "must be a string"]
    case "FollowUpSent":
      if (!isText(e.taskId)) return [".taskId", "must be a non-empty string"]
      return isText(e.kind) ? undefined : [".kind", "must be a non-empty string"]
    case "AutomationApplied":
      if (!isText(e.firingId)) return [".firingId", "must be a non-empty string"]
      return isText(e.ruleId) ? undefined : [".ruleId", "must be a non-empty string"]
    default:
      return [".type", `${describe((e as { type?: unknown }).type)} is not a ticket event type`]
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
        `${describe(id)} is another ticket than ${describe(ticketId)}: ${verb} one ticket's history at a time`,
      ]
