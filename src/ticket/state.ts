import type {
  Channel,
  FieldValue,
  OpenedBy,
  Priority,
  Requester,
  SurveyKind,
  TicketStatus,
} from "./vocabulary.js"

/**
 * A promise to the customer that is not kept yet.
 *
 * @example
 * import type { OpenPromise } from "servicekit/ticket"
 *
 * const p: OpenPromise = {
 *   promiseId: "p-1",
 *   summary: "call back",
 *   madeAt: new Date("2025-06-03T10:00:00Z"),
 *   dueAt: new Date("2025-06-03T13:00:00Z"),
 * }
 *
 * @since 0.1.0
 * @category state
 */
export interface OpenPromise {
  readonly promiseId: string
  readonly summary: string
  readonly madeAt: Date
  readonly dueAt: Date
}

/**
 * A promise that was kept; it was kept on time when `keptAt <= dueAt`.
 *
 * @example
 * import type { KeptPromise } from "servicekit/ticket"
 *
 * const onTime = (p: KeptPromise) => p.keptAt.getTime() <= p.dueAt.getTime()
 *
 * @since 0.1.0
 * @category state
 */
export interface KeptPromise extends OpenPromise {
  readonly keptAt: Date
}

/**
 * One answer to a satisfaction survey.
 *
 * @example
 * import type { SurveyAnswer } from "servicekit/ticket"
 *
 * const a: SurveyAnswer = { survey: "csat", score: 4, answeredAt: new Date("2025-06-04T09:00:00Z") }
 *
 * @since 0.1.0
 * @category state
 */
export interface SurveyAnswer {
  readonly survey: SurveyKind
  readonly score: number
  readonly comment?: string
  readonly answeredAt: Date
}

/**
 * A follow-up the app has sent; kept so a re-plan can tell what is already done.
 *
 * @example
 * import type { SentFollowUp } from "servicekit/ticket"
 *
 * const f: SentFollowUp = { taskId: "T-1/checkIn", kind: "checkIn", sentAt: new Date("2025-06-05T09:00:00Z") }
 *
 * @since 0.1.0
 * @category state
 */
export interface SentFollowUp {
  readonly taskId: string
  readonly kind: string
  readonly sentAt: Date
}

/**
 * Who works on a ticket; an empty assignee means unassigned.
 *
 * @example
 * import type { Assignee } from "servicekit/ticket"
 *
 * const a: Assignee = { groupId: "billing" }
 *
 * @since 0.1.0
 * @category state
 */
export interface Assignee {
  readonly agentId?: string
  readonly groupId?: string
}

/**
 * The fields of an opened ticket, each absent: what {@link NoTicket} declares so that
 * `state.status` reads as `undefined` on a state with no ticket rather than failing to typecheck.
 *
 * @example
 * import type { AbsentTicketFields } from "servicekit/ticket"
 *
 * const none: AbsentTicketFields = {}
 *
 * @since 0.1.0
 * @category state
 */
export type AbsentTicketFields = {
  readonly [K in Exclude<keyof OpenedTicket, "exists" | "version">]?: undefined
}

/**
 * The state before any `TicketOpened`: there is no ticket yet. `version` still counts the
 * events folded so far, so it always equals the length of the history. Every other field of
 * {@link OpenedTicket} is declared as an optional `undefined`, so that `state.status` on a
 * {@link TicketState} typechecks (as `TicketStatus | undefined`) without narrowing first.
 *
 * @example
 * import { initialState } from "servicekit/ticket"
 *
 * initialState // => { exists: false, version: 0 }
 * initialState.status // => undefined
 *
 * @since 0.1.0
 * @category state
 */
export interface NoTicket extends AbsentTicketFields {
  readonly exists: false
  readonly version: number
}

/**
 * A ticket as its history left it. `version` is the number of events applied and
 * `lastEventAt` the latest instant seen, which commands may not go back before. `status` is the
 * status category and `customStatus` the desk's own status within it, when one was named;
 * `tags`, `fields` and `requester` are as the latest events left them.
 *
 * @example
 * import { replay } from "servicekit/ticket"
 *
 * const state = replay([
 *   { type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-03T08:00:00Z"), channel: "email", priority: "normal", requester: { id: "c-1" } },
 * ])
 * state.exists && state.status // => "new"
 *
 * @since 0.1.0
 * @category state
 */
export interface OpenedTicket {
  readonly exists: true
  readonly id: string
  readonly status: TicketStatus
  readonly customStatus?: string
  readonly priority: Priority
  readonly channel: Channel
  readonly requester: Requester
  readonly assignee: Assignee
  readonly tags: ReadonlyArray<string>
  /** The custom fields that hold a value, by name; absent while none does. */
  readonly fields?: Readonly<Record<string, FieldValue>>
  readonly subject?: string
  readonly openedBy: OpenedBy
  readonly openedAt: Date
  readonly lastEventAt: Date
  readonly openPromises: ReadonlyArray<OpenPromise>
  readonly keptPromises: ReadonlyArray<KeptPromise>
  readonly chaseCount: number
  readonly customerMessageCount: number
  readonly publicReplyCount: number
  readonly reopenCount: number
  readonly surveyAnswers: ReadonlyArray<SurveyAnswer>
  readonly followUpsSent: ReadonlyArray<SentFollowUp>
  readonly mergedInto?: string
  readonly version: number
}

/**
 * The state `decide` reads and `evolve` folds: no ticket yet, or an opened ticket. Every field
 * of an opened ticket can be read on either: `state.status` is a `TicketStatus | undefined`
 * (`undefined` when there is no ticket yet); after `if (state.exists)` it is a `TicketStatus`.
 *
 * @example
 * import { replay, type TicketState } from "servicekit/ticket"
 *
 * const state: TicketState = replay([])
 * state.status // => undefined
 * const statusOf = (s: TicketState) => (s.exists ? s.status : "none")
 * statusOf(state) // => "none"
 *
 * @since 0.1.0
 * @category state
 */
export type TicketState = NoTicket | OpenedTicket

/**
 * The state of a ticket with no history: the start of every replay. Frozen, because every
 * replay shares it.
 *
 * @example
 * import { evolve, initialState } from "servicekit/ticket"
 *
 * const state = evolve(initialState, {
 *   type: "TicketOpened",
 *   ticketId: "T-1",
 *   at: new Date("2025-06-03T08:00:00Z"),
 *   channel: "chat",
 *   priority: "high",
 *   requester: { id: "c-1" },
 * })
 * state.version // => 1
 *
 * @since 0.1.0
 * @category state
 */
export const initialState: TicketState = Object.freeze({ exists: false, version: 0 })
