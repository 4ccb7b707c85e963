/**
 * The Desk: where apps plug in their storage and run the pure modules for real, under
 * concurrency. Ports (`TicketStore`, `FollowUpSink`) as Effect services, the `Desk` service
 * (`execute`, `status`, `tick`), an in-memory store, and a Promise facade (`createDesk`) for apps
 * that do not use Effect.
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * Desk.recordingSink().sent() // => []
 * ```
 * @module
 */
export type { Automated } from "./automations.js"
export {
  Desk,
  type DeskCommand,
  type DeskConfig,
  type DeskService,
  type ExecuteError,
  type ExecuteOptions,
  type TicketView,
  type TickFailure,
  type TickReport,
} from "./desk.js"
export {
  ClaimLost,
  ConcurrencyConflict,
  DeliveryFailed,
  InvalidDeskInput,
  StoreFailure,
  TicketNotFound,
} from "./errors.js"
export { type CreateDeskOptions, createDesk, type PromiseDesk } from "./facade.js"
export { memoryStore } from "./memory.js"
export { recordingSink } from "./sink.js"
export {
  type Appended,
  type AppendOptions,
  type Claim,
  FollowUpSink,
  type FollowUpSinkService,
  type StoredTicket,
  TicketStore,
  type TicketStoreService,
} from "./store.js"
