import type { TicketStatus } from "./vocabulary.js"

// new → open/pending/onHold → solved → closed; the active statuses move among themselves,
// solved can close or reopen, closed is final. `new` is left only forward: once someone
// worked on a ticket it is never "new" again, except when a solved ticket is reopened as new.
const transitions: { readonly [S in TicketStatus]: ReadonlyArray<TicketStatus> } = {
  new: ["open", "pending", "onHold"],
  open: ["pending", "onHold", "solved"],
  pending: ["open", "onHold", "solved"],
  onHold: ["open", "pending", "solved"],
  solved: ["closed", "new", "open", "pending", "onHold"],
  closed: [],
}

/**
 * Whether `decide` lets a ticket move from one status to another (a same-status change is
 * not a move: `decide` accepts it as a no-op).
 *
 * @example
 * import { isAllowedTransition } from "servicekit/ticket"
 *
 * // a reopen
 * isAllowedTransition("solved", "open") // => true
 * isAllowedTransition("closed", "open") // => false
 *
 * @since 0.1.0
 * @category rules
 */
export const isAllowedTransition = (from: TicketStatus, to: TicketStatus): boolean =>
  // Total: a value that is no status (plain-JS callers) allows no transition.
  typeof from === "string" && Object.hasOwn(transitions, from) && transitions[from].includes(to)

/**
 * Whether a change from `from` to `to` reopens the ticket (back from solved, or from closed in
 * imported histories that broke the rules).
 *
 * @example
 * import { isReopen } from "servicekit/ticket"
 *
 * isReopen("solved", "pending") // => true
 * isReopen("open", "pending") // => false
 *
 * @since 0.1.0
 * @category rules
 */
export const isReopen = (from: TicketStatus, to: TicketStatus): boolean =>
  (from === "solved" || from === "closed") &&
  (to === "new" || to === "open" || to === "pending" || to === "onHold")
