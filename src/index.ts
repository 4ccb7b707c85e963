/**
 * servicekit: customer-service workflows as a library. Each module is a namespace here and a
 * subpath of its own (`servicekit/ticket` …).
 *
 * @example
 * ```ts
 * import { Ticket } from "servicekit"
 * Ticket.initialState.exists // false
 * ```
 * @module
 */

export * as Automation from "./automation/index.js"
export * as Calendar from "./calendar/index.js"
export * as Desk from "./desk/index.js"
export * as FollowUp from "./followup/index.js"
export * as ServiceLevel from "./followup/service-level.js"
export * as Metrics from "./metrics/index.js"
export * as Sla from "./sla/index.js"
export * as Ticket from "./ticket/index.js"
