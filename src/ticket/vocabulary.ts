/**
 * The words a ticket is described with: channels, statuses, priorities, surveys, requesters.
 * Each closed set is exported both as a type and as a readonly list, so apps can build
 * pickers and validators from the same source the library checks against.
 */

/**
 * The channels a customer can reach the service on.
 *
 * @example
 * import { channels } from "servicekit/ticket"
 *
 * channels.includes("chat") // => true
 *
 * @since 0.1.0
 * @category vocabulary
 */
export const channels = ["email", "chat", "phone", "social", "web"] as const

/**
 * A channel a message arrived on or was sent through.
 *
 * @example
 * import type { Channel } from "servicekit/ticket"
 *
 * const channel: Channel = "email"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export type Channel = (typeof channels)[number]

/**
 * Every ticket status, in lifecycle order.
 *
 * @example
 * import { ticketStatuses } from "servicekit/ticket"
 *
 * ticketStatuses[0] // => "new"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export const ticketStatuses = ["new", "open", "pending", "onHold", "solved", "closed"] as const

/**
 * Where a ticket is in its lifecycle: `pending` waits on the customer, `onHold` on a third party.
 *
 * @example
 * import type { TicketStatus } from "servicekit/ticket"
 *
 * const status: TicketStatus = "onHold"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export type TicketStatus = (typeof ticketStatuses)[number]

/**
 * Every ticket priority, from lowest to highest.
 *
 * @example
 * import { priorities } from "servicekit/ticket"
 *
 * priorities.indexOf("urgent") > priorities.indexOf("high") // => true
 *
 * @since 0.1.0
 * @category vocabulary
 */
export const priorities = ["low", "normal", "high", "urgent"] as const

/**
 * How urgent a ticket is; SLA targets are set per priority.
 *
 * @example
 * import type { Priority } from "servicekit/ticket"
 *
 * const priority: Priority = "high"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export type Priority = (typeof priorities)[number]

/**
 * The satisfaction surveys a customer can answer.
 *
 * @example
 * import { surveyKinds } from "servicekit/ticket"
 *
 * surveyKinds // => ["csat", "nps", "ces"]
 *
 * @since 0.1.0
 * @category vocabulary
 */
export const surveyKinds = ["csat", "nps", "ces"] as const

/**
 * A satisfaction survey: CSAT (satisfaction), NPS (would recommend), CES (effort).
 *
 * @example
 * import type { SurveyKind } from "servicekit/ticket"
 *
 * const survey: SurveyKind = "nps"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export type SurveyKind = (typeof surveyKinds)[number]

/**
 * The integer answer range of each survey: CSAT 1–5, NPS 0–10, CES 1–7.
 *
 * @example
 * import { surveyScales } from "servicekit/ticket"
 *
 * surveyScales.nps // => { min: 0, max: 10 }
 *
 * @since 0.1.0
 * @category vocabulary
 */
export const surveyScales: { readonly [K in SurveyKind]: { readonly min: number; readonly max: number } } = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
}

/**
 * Who opened a ticket. A ticket an agent opened on the customer's behalf has no first-reply clock.
 *
 * @example
 * import type { OpenedBy } from "servicekit/ticket"
 *
 * const openedBy: OpenedBy = "agent"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export type OpenedBy = "customer" | "agent"

/**
 * The customer a ticket is for. `timeZone` is an IANA name; `tier` is the app's own plan name.
 *
 * @example
 * import type { Requester } from "servicekit/ticket"
 *
 * const requester: Requester = { id: "c-1", name: "Ada", timeZone: "Europe/Rome", tier: "gold" }
 *
 * @since 0.1.0
 * @category vocabulary
 */
export interface Requester {
  readonly id: string
  readonly name?: string
  readonly timeZone?: string
  readonly tier?: string
}
