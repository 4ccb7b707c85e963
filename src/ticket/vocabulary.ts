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
 * One of the built-in channels, the default when a desk declares none of its own.
 *
 * @example
 * import type { BuiltinChannel } from "servicekit/ticket"
 *
 * const channel: BuiltinChannel = "chat"
 *
 * @since 0.2.0
 * @category vocabulary
 */
export type BuiltinChannel = (typeof channels)[number]

/**
 * A channel a message arrived on or was sent through: a built-in one, or one the desk declares in
 * its vocabulary (`"whatsapp"`; see `Ticket.vocabulary`). Which names are accepted is the
 * vocabulary's to say; the type keeps the built-in names as suggestions.
 *
 * @example
 * import type { Channel } from "servicekit/ticket"
 *
 * const channel: Channel = "email"
 * const deskChannel: Channel = "whatsapp"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export type Channel = BuiltinChannel | (string & {})

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
 * One of the built-in priorities, the default when a desk declares none of its own.
 *
 * @example
 * import type { BuiltinPriority } from "servicekit/ticket"
 *
 * const priority: BuiltinPriority = "urgent"
 *
 * @since 0.2.0
 * @category vocabulary
 */
export type BuiltinPriority = (typeof priorities)[number]

/**
 * How urgent a ticket is; SLA targets are set per priority. A built-in priority, or one the desk
 * declares in its vocabulary (`"P1"`; see `Ticket.vocabulary`).
 *
 * @example
 * import type { Priority } from "servicekit/ticket"
 *
 * const priority: Priority = "high"
 * const deskPriority: Priority = "P1"
 *
 * @since 0.1.0
 * @category vocabulary
 */
export type Priority = BuiltinPriority | (string & {})

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
 * The customer a ticket is for. `timeZone` is an IANA name; `tier` is the app's own plan name
 * and `organization` the customer's company. Both may change during a ticket's life (a
 * `RequesterChanged` event: a customer upgrades to gold mid-ticket).
 *
 * @example
 * import type { Requester } from "servicekit/ticket"
 *
 * const requester: Requester = { id: "c-1", name: "Ada", timeZone: "Europe/Rome", tier: "gold", organization: "Acme" }
 *
 * @since 0.1.0
 * @category vocabulary
 */
export interface Requester {
  readonly id: string
  readonly name?: string
  readonly timeZone?: string
  readonly tier?: string
  readonly organization?: string
}

/**
 * The kinds of value a custom ticket field holds: text, a number, a yes/no, an instant, or a
 * list of texts (e.g. the components a ticket is about).
 *
 * @example
 * import { fieldTypes } from "servicekit/ticket"
 *
 * fieldTypes // => ["string", "number", "boolean", "date", "strings"]
 *
 * @since 0.2.0
 * @category vocabulary
 */
export const fieldTypes = ["string", "number", "boolean", "date", "strings"] as const

/**
 * The kind of value a custom field holds, as the desk vocabulary declares it.
 *
 * @example
 * import type { FieldType } from "servicekit/ticket"
 *
 * const renewal: FieldType = "date"
 *
 * @since 0.2.0
 * @category vocabulary
 */
export type FieldType = (typeof fieldTypes)[number]

/**
 * The value of a custom field: a string, a finite number, a boolean, a `Date` (in JSON, an
 * ISO-8601 string, decoded by the desk vocabulary's declaration) or a list of strings.
 *
 * @example
 * import type { FieldValue } from "servicekit/ticket"
 *
 * const seats: FieldValue = 250
 * const components: FieldValue = ["billing", "api"]
 *
 * @since 0.2.0
 * @category vocabulary
 */
export type FieldValue = string | number | boolean | Date | ReadonlyArray<string>
