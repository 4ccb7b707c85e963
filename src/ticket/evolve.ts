import { describe } from "../internal/describe.js"
import { eventProblem } from "./check.js"
import { madeState, stateProblem } from "./check-state.js"
import { builtinVocabulary, type Vocabulary } from "./desk-vocabulary.js"
import type { TicketEvent, TicketOpened } from "./events.js"
import { isReopen } from "./rules.js"
import { checkedVocabulary } from "./schema.js"
import { initialState, type OpenedTicket, type TicketState } from "./state.js"
import { InvalidEvent, InvalidTicketState } from "./validation.js"
import type { FieldValue } from "./vocabulary.js"

// Written without spreads: one opening per fold, but every evaluation of a short history pays it.
const opened = (event: TicketOpened, version: number): OpenedTicket => {
  const t: Draft = {
    exists: true,
    id: event.ticketId,
    status: "new",
    priority: event.priority,
    channel: event.channel,
    requester: event.requester,
    assignee: unassigned,
    tags: event.tags === undefined ? noTags : uniqueTags(event.tags),
    openedBy: event.openedBy ?? "customer",
    openedAt: event.at,
    lastEventAt: event.at,
    openPromises: none,
    keptPromises: none,
    chaseCount: 0,
    customerMessageCount: 0,
    publicReplyCount: 0,
    reopenCount: 0,
    surveyAnswers: none,
    followUpsSent: none,
    version,
  }
  if (event.subject !== undefined) t.subject = event.subject
  const fields = event.fields
  if (fields !== undefined) for (const _ in fields) return withFields(t, fields)
  return t
}

const withFields = (t: Draft, fields: Readonly<Record<string, FieldValue>>): OpenedTicket => {
  t.fields = fieldsOf(fields)
  return t
}

// Shared empties: every case below replaces a list or the assignee, never writes into one.
const none: ReadonlyArray<never> = Object.freeze([])
const unassigned = Object.freeze({})
const noTags: ReadonlyArray<string> = Object.freeze([])

/** Tags once each, in the order first given (a ticket's few tags: a scan costs less than a Set). */
const uniqueTags = (tags: ReadonlyArray<string>): ReadonlyArray<string> => {
  for (let i = 1; i < tags.length; i++)
    if (tags.lastIndexOf(tags[i]!, i - 1) !== -1) return [...new Set(tags)]
  return tags
}

/** A null-prototype copy of the fields, so that no field name can reach an object's own keys. */
const fieldsOf = (fields: Readonly<Record<string, FieldValue>>): Readonly<Record<string, FieldValue>> =>
  Object.assign(Object.create(null), fields)

type Draft = { -readonly [K in keyof OpenedTicket]: OpenedTicket[K] }

/**
 * A copy of the ticket to apply one event to. Written out field by field: one object of one
 * shape per event is several times cheaper than spreads, and every fold pays it per event.
 */
const draft = (s: OpenedTicket, version: number, lastEventAt: Date, type: TicketEvent["type"]): Draft => {
  const t: Draft = {
    exists: true,
    id: s.id,
    status: s.status,
    priority: s.priority,
    channel: s.channel,
    requester: s.requester,
    assignee: s.assignee,
    tags: s.tags,
    openedBy: s.openedBy,
    openedAt: s.openedAt,
    lastEventAt,
    openPromises: s.openPromises,
    keptPromises: s.keptPromises,
    chaseCount: s.chaseCount,
    customerMessageCount: s.customerMessageCount,
    publicReplyCount: s.publicReplyCount,
    reopenCount: s.reopenCount,
    surveyAnswers: s.surveyAnswers,
    followUpsSent: s.followUpsSent,
    version,
  }
  if (s.subject !== undefined) t.subject = s.subject
  // Left out for the events that may remove them, which add them back when they stay: no
  // `delete`, so every draft keeps the shape of a literal.
  if (s.customStatus !== undefined && type !== "StatusChanged") t.customStatus = s.customStatus
  if (s.fields !== undefined && type !== "FieldCleared") t.fields = s.fields
  if (s.mergedInto !== undefined) t.mergedInto = s.mergedInto
  return t
}

// Histories may come from storage or imports that broke the decide rules, so every case
// accepts what it is given; where an event cannot apply (a second TicketOpened, keeping an
// unknown promise) the ticket is left as it was rather than failing the whole fold.
const apply = (t: Draft, event: TicketEvent, previous: OpenedTicket): void => {
  switch (event.type) {
    case "TicketOpened":
    case "NoteAdded":
      return
    case "AutomationApplied":
      // The automation module reads what fired from the history: the state keeps no trace of it.
      return
    case "CustomerMessaged":
      t.customerMessageCount++
      return
    case "AgentReplied":
      t.publicReplyCount++
      return
    case "StatusChanged":
      if (isReopen(t.status, event.status)) t.reopenCount++
      t.status = event.status
      // The draft left the custom status out (see `draft`).
      if (event.customStatus !== undefined) t.customStatus = event.customStatus
      return
    case "TagsAdded": {
      const added = event.tags.filter((tag, i) => !t.tags.includes(tag) && event.tags.indexOf(tag) === i)
      if (added.length > 0) t.tags = [...t.tags, ...added]
      return
    }
    case "TagsRemoved":
      if (event.tags.some((tag) => t.tags.includes(tag)))
        t.tags = t.tags.filter((tag) => !event.tags.includes(tag))
      return
    case "FieldSet":
      t.fields = fieldsOf({ ...t.fields, [event.field]: event.value })
      return
    case "FieldCleared": {
      // The draft left the fields out (see `draft`): they come back without the cleared one.
      const before = previous.fields
      if (before === undefined) return
      if (!Object.hasOwn(before, event.field)) {
        t.fields = before
        return
      }
      const fields = fieldsOf(before) as Record<string, FieldValue>
      delete fields[event.field]
      if (Object.keys(fields).length > 0) t.fields = fields
      return
    }
    case "RequesterChanged":
      t.requester = event.requester
      return
    case "PriorityChanged":
      t.priority = event.priority
      return
    case "TicketAssigned":
      t.assignee = {
        ...(event.agentId !== undefined && { agentId: event.agentId }),
        ...(event.groupId !== undefined && { groupId: event.groupId }),
      }
      return
    case "PromiseMade": {
      const used = [...t.openPromises, ...t.keptPromises].some((p) => p.promiseId === event.promiseId)
      if (used) return
      const promise = {
        promiseId: event.promiseId,
        summary: event.summary,
        madeAt: event.at,
        dueAt: event.dueAt,
      }
      t.openPromises = [...t.openPromises, promise]
      return
    }
    case "PromiseKept": {
      const promise = t.openPromises.find((p) => p.promiseId === event.promiseId)
      if (promise === undefined) return
      t.openPromises = t.openPromises.filter((p) => p !== promise)
      t.keptPromises = [...t.keptPromises, { ...promise, keptAt: event.at }]
      return
    }
    case "CustomerChased":
      t.chaseCount++
      return
    case "SurveyAnswered":
      t.surveyAnswers = [
        ...t.surveyAnswers,
        {
          survey: event.survey,
          score: event.score,
          ...(event.comment !== undefined && { comment: event.comment }),
          answeredAt: event.at,
        },
      ]
      return
    case "TicketMerged":
      t.mergedInto = event.into
      return
    case "FollowUpSent":
      t.followUpsSent = [...t.followUpsSent, { taskId: event.taskId, kind: event.kind, sentAt: event.at }]
      return
  }
}

/**
 * Applies one event to a ticket's state. Pure, and it never rejects an event for breaking
 * today's rules, because the history is the source of truth even where it did. What it refuses
 * is input that is not a state or not an event: it throws `InvalidTicketState` naming the field
 * of `state`, or `InvalidEvent` naming the field of `event` (`event.at` …).
 *
 * The event's channel and priority are checked against the built-in words; for a desk's own,
 * use `Ticket.decider(vocabulary).evolve` (a third parameter would break `events.reduce(evolve, …)`).
 *
 * Events before the ticket's `TicketOpened` are counted in `version` and otherwise ignored;
 * `lastEventAt` keeps the latest instant seen, so a late-stored event cannot move it back.
 *
 * @example
 * import { evolve, initialState } from "servicekit/ticket"
 *
 * const at = new Date("2025-06-03T08:00:00Z")
 * const opened = evolve(initialState, { type: "TicketOpened", ticketId: "T-1", at, channel: "web", priority: "low", requester: { id: "c-1" } })
 * const chased = evolve(opened, { type: "CustomerChased", ticketId: "T-1", at })
 * chased.exists && chased.chaseCount // => 1
 *
 * @since 0.1.0
 * @category decider
 */
export const evolve = (state: TicketState, event: TicketEvent): TicketState =>
  evolveIn(builtinVocabulary, state, event)

/** {@link evolve} checking against a desk vocabulary (what `Ticket.decider(vocabulary).evolve` runs). */
export const evolveIn = (vocabulary: Vocabulary, state: TicketState, event: TicketEvent): TicketState => {
  const problem = stateProblem(state, "state", vocabulary)
  if (problem !== undefined) throw new InvalidTicketState({ field: problem[0], reason: problem[1] })
  return madeState(evolveUnchecked(state, checkedEvent(event, "event", vocabulary)))
}

/** `event`, or an `InvalidEvent` thrown naming its bad field from `path`. */
const checkedEvent = (event: TicketEvent, path: string, vocabulary: Vocabulary): TicketEvent => {
  const problem = eventProblem(event, vocabulary)
  if (problem !== undefined)
    throw new InvalidEvent({ issues: [{ path: `${path}${problem[0]}`, message: problem[1] }] })
  return event
}

/**
 * {@link evolve} for folds that checked their events already (SLA, follow-ups, replay): no check,
 * nothing remembered. O(1) per event but for promise lists.
 * @internal
 */
export const evolveUnchecked = (state: TicketState, event: TicketEvent): TicketState => {
  const version = state.version + 1
  if (!state.exists)
    return event.type === "TicketOpened" ? opened(event, version) : { exists: false, version }
  const lastEventAt = event.at.getTime() > state.lastEventAt.getTime() ? event.at : state.lastEventAt
  const t = draft(state, version, lastEventAt, event.type)
  apply(t, event, state)
  return t
}

/**
 * {@link evolveUnchecked} writing the next state into `spare`, a state of the same ticket that no
 * one will read again (the state before the previous event, in a fold that keeps only the latest):
 * no allocation per event. Absent optional fields become `undefined` properties on the reused
 * object. Only for folds whose intermediate states never leave them (`Sla.evaluate`'s).
 * @internal
 */
export const evolveInto = (spare: OpenedTicket, s: OpenedTicket, event: TicketEvent): OpenedTicket => {
  const t = spare as Draft
  const type = event.type
  t.id = s.id
  t.status = s.status
  t.priority = s.priority
  t.channel = s.channel
  t.requester = s.requester
  t.assignee = s.assignee
  t.tags = s.tags
  t.openedBy = s.openedBy
  t.openedAt = s.openedAt
  t.lastEventAt = event.at.getTime() > s.lastEventAt.getTime() ? event.at : s.lastEventAt
  t.openPromises = s.openPromises
  t.keptPromises = s.keptPromises
  t.chaseCount = s.chaseCount
  t.customerMessageCount = s.customerMessageCount
  t.publicReplyCount = s.publicReplyCount
  t.reopenCount = s.reopenCount
  t.surveyAnswers = s.surveyAnswers
  t.followUpsSent = s.followUpsSent
  t.version = s.version + 1
  const u = t as { -readonly [K in keyof Draft]?: Draft[K] | undefined }
  // Written even when absent, so that the two objects a fold alternates between keep one shape.
  u.subject = s.subject
  u.customStatus = type === "StatusChanged" ? undefined : s.customStatus
  u.fields = type === "FieldCleared" ? undefined : s.fields
  u.mergedInto = s.mergedInto
  apply(t, event, s)
  return t
}

/**
 * Rebuilds a ticket's state from its history: `evolve` folded over the events from `initialState`.
 * A malformed event is refused with `InvalidEvent` naming it (`events[3].at`). O(n) in the history.
 *
 * @example
 * import { replay } from "servicekit/ticket"
 *
 * const state = replay([
 *   { type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-03T08:00:00Z"), channel: "email", priority: "normal", requester: { id: "c-1" } },
 *   { type: "StatusChanged", ticketId: "T-1", at: new Date("2025-06-03T09:00:00Z"), status: "open" },
 * ])
 * state.exists && state.status // => "open"
 *
 * @since 0.1.0
 * @category decider
 */
export const replay = (
  events: Iterable<TicketEvent>,
  vocabulary: Vocabulary = builtinVocabulary,
): TicketState => {
  checkedVocabulary(vocabulary)
  if (typeof (events as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function")
    throw new InvalidEvent({
      issues: [{ path: "events", message: `must be a list of ticket events, received ${describe(events)}` }],
    })
  let state = initialState
  let i = 0
  for (const event of events)
    state = evolveUnchecked(state, checkedEvent(event, `events[${i++}]`, vocabulary))
  return madeState(state)
}
