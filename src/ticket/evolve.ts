import type { TicketEvent, TicketOpened } from "./events.js"
import { isReopen } from "./rules.js"
import { initialState, type OpenedTicket, type TicketState } from "./state.js"

const opened = (event: TicketOpened, version: number): OpenedTicket => ({
  exists: true,
  id: event.ticketId,
  status: "new",
  priority: event.priority,
  channel: event.channel,
  requester: event.requester,
  assignee: {},
  tags: event.tags ?? [],
  ...(event.subject !== undefined && { subject: event.subject }),
  openedBy: event.openedBy ?? "customer",
  openedAt: event.at,
  lastEventAt: event.at,
  openPromises: [],
  keptPromises: [],
  chaseCount: 0,
  customerMessageCount: 0,
  publicReplyCount: 0,
  reopenCount: 0,
  surveyAnswers: [],
  followUpsSent: [],
  version,
})

// Histories may come from storage or imports that broke the decide rules, so every case
// accepts what it is given; where an event cannot apply (a second TicketOpened, keeping an
// unknown promise) the ticket is left as it was rather than failing the whole fold.
type Changes = Partial<Omit<OpenedTicket, "exists" | "id" | "version" | "lastEventAt">>
const unchanged: Changes = {}

/**
 * The ticket with `c` applied. Written out field by field rather than spread: one object of one
 * shape per event is several times cheaper than two spreads, and every fold pays it per event.
 */
const next = (s: OpenedTicket, c: Changes, version: number, lastEventAt: Date): OpenedTicket => {
  const t: { -readonly [K in keyof OpenedTicket]: OpenedTicket[K] } = {
    exists: true,
    id: s.id,
    status: c.status ?? s.status,
    priority: c.priority ?? s.priority,
    channel: s.channel,
    requester: s.requester,
    assignee: c.assignee ?? s.assignee,
    tags: s.tags,
    openedBy: s.openedBy,
    openedAt: s.openedAt,
    lastEventAt,
    openPromises: c.openPromises ?? s.openPromises,
    keptPromises: c.keptPromises ?? s.keptPromises,
    chaseCount: c.chaseCount ?? s.chaseCount,
    customerMessageCount: c.customerMessageCount ?? s.customerMessageCount,
    publicReplyCount: c.publicReplyCount ?? s.publicReplyCount,
    reopenCount: c.reopenCount ?? s.reopenCount,
    surveyAnswers: c.surveyAnswers ?? s.surveyAnswers,
    followUpsSent: c.followUpsSent ?? s.followUpsSent,
    version,
  }
  if (s.subject !== undefined) t.subject = s.subject
  const mergedInto = c.mergedInto ?? s.mergedInto
  if (mergedInto !== undefined) t.mergedInto = mergedInto
  return t
}

// Only what an event changes: `evolve` copies the ticket once, with these on top, because the
// fold runs for every event of every ticket an SLA or metrics pass reads.
const apply = (state: OpenedTicket, event: TicketEvent): Changes => {
  switch (event.type) {
    case "TicketOpened":
      return unchanged
    case "CustomerMessaged":
      return { customerMessageCount: state.customerMessageCount + 1 }
    case "AgentReplied":
      return { publicReplyCount: state.publicReplyCount + 1 }
    case "NoteAdded":
      return unchanged
    case "StatusChanged":
      return {
        status: event.status,
        reopenCount: state.reopenCount + (isReopen(state.status, event.status) ? 1 : 0),
      }
    case "PriorityChanged":
      return { priority: event.priority }
    case "TicketAssigned":
      return {
        assignee: {
          ...(event.agentId !== undefined && { agentId: event.agentId }),
          ...(event.groupId !== undefined && { groupId: event.groupId }),
        },
      }
    case "PromiseMade": {
      const used = [...state.openPromises, ...state.keptPromises].some((p) => p.promiseId === event.promiseId)
      if (used) return unchanged
      const promise = {
        promiseId: event.promiseId,
        summary: event.summary,
        madeAt: event.at,
        dueAt: event.dueAt,
      }
      return { openPromises: [...state.openPromises, promise] }
    }
    case "PromiseKept": {
      const promise = state.openPromises.find((p) => p.promiseId === event.promiseId)
      if (promise === undefined) return unchanged
      return {
        openPromises: state.openPromises.filter((p) => p !== promise),
        keptPromises: [...state.keptPromises, { ...promise, keptAt: event.at }],
      }
    }
    case "CustomerChased":
      return { chaseCount: state.chaseCount + 1 }
    case "SurveyAnswered": {
      const answer = {
        survey: event.survey,
        score: event.score,
        ...(event.comment !== undefined && { comment: event.comment }),
        answeredAt: event.at,
      }
      return { surveyAnswers: [...state.surveyAnswers, answer] }
    }
    case "TicketMerged":
      return { mergedInto: event.into }
    case "FollowUpSent": {
      const sent = { taskId: event.taskId, kind: event.kind, sentAt: event.at }
      return { followUpsSent: [...state.followUpsSent, sent] }
    }
  }
}

/**
 * Applies one event to a ticket's state. Total and pure: it never throws and never rejects,
 * because the history is the source of truth even where it broke today's rules.
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
export const evolve = (state: TicketState, event: TicketEvent): TicketState => {
  const version = state.version + 1
  if (!state.exists)
    return event.type === "TicketOpened" ? opened(event, version) : { exists: false, version }
  const lastEventAt = event.at.getTime() > state.lastEventAt.getTime() ? event.at : state.lastEventAt
  return next(state, apply(state, event), version, lastEventAt)
}

/**
 * Rebuilds a ticket's state from its history: `evolve` folded over the events from `initialState`.
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
export const replay = (events: Iterable<TicketEvent>): TicketState => {
  let state = initialState
  for (const event of events) state = evolve(state, event)
  return state
}
