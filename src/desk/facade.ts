import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Result from "effect/Result"
import type { Notification } from "../automation/index.js"
import type { FollowUpTask } from "../followup/index.js"
import {
  checkConfig,
  Desk,
  type DeskCommand,
  type DeskConfig,
  type ExecuteOptions,
  type TicketView,
  type TickReport,
} from "./desk.js"
import { DeliveryFailed, InvalidDeskInput } from "./errors.js"
import { memoryStore } from "./memory.js"
import { type Appended, FollowUpSink, type TicketStore } from "./store.js"

/**
 * The Desk for apps that do not use Effect: the same operations as promises. Failures reject with
 * the same tagged errors (ordinary `Error` subclasses: `instanceof`, `_tag`, `message`), time is the
 * system clock, and `dispose()` releases the store's resources.
 *
 * @example
 * ```ts
 * import type { Desk } from "servicekit"
 * const openAndReply = async (desk: Desk.PromiseDesk) => {
 *   await desk.execute("T-1", { type: "OpenTicket", channel: "email", priority: "normal", requester: { id: "c-1" } })
 *   await desk.execute("T-1", { type: "ReplyToCustomer", agentId: "a-1" })
 *   return (await desk.status("T-1")).ticket.publicReplyCount
 * }
 * ```
 * @since 0.1.0
 * @category Promise facade
 */
export interface PromiseDesk {
  /** Runs a command on a ticket (see `Desk.Desk`). */
  readonly execute: (ticketId: string, command: DeskCommand, options?: ExecuteOptions) => Promise<Appended>
  /** The ticket, its SLA evaluation and follow-up plan now. */
  readonly status: (ticketId: string) => Promise<TicketView>
  /** Sends the follow-ups whose time has come, once; call it on a timer. */
  readonly tick: () => Promise<TickReport>
  /** Releases the store's resources. */
  readonly dispose: () => Promise<void>
}

/**
 * Options of {@link createDesk}: the Desk's configuration, the store (a layer such as the Postgres
 * adapter's; default the in-memory store) and how follow-ups are sent (an async function; a
 * rejection leaves the task owed for the next tick), and automation messages (`notify`).
 *
 * @example
 * ```ts
 * import { Calendar, type Desk, FollowUp, ServiceLevel } from "servicekit"
 * const options: Desk.CreateDeskOptions = {
 *   config: {
 *     serviceLevel: ServiceLevel.make({
 *       name: "Standard", calendar: Calendar.always, channels: ["email"], sla: [],
 *       followUp: FollowUp.policy({ acknowledge: { within: "PT1H" } }),
 *     }),
 *   },
 *   send: async (task) => console.log(task.reason),
 * }
 * ```
 * @since 0.1.0
 * @category Promise facade
 */
export interface CreateDeskOptions {
  /** The Desk's configuration. */
  readonly config: DeskConfig
  /** The store (default `Desk.memoryStore()`). */
  readonly store?: Layer.Layer<TicketStore> | undefined
  /** Delivers a follow-up; a rejection leaves it owed for the next tick. */
  readonly send: (task: FollowUpTask) => Promise<void>
  /** Delivers an automation rule's message; a rejection leaves the firing due for the next tick. */
  readonly notify?: ((notification: Notification) => Promise<void>) | undefined
}

/** An async delivery as the sink's effect: a rejection becomes `DeliveryFailed` for `id`. */
const delivered = (deliver: () => Promise<void>, id: string): Effect.Effect<void, DeliveryFailed> =>
  Effect.tryPromise({
    try: deliver,
    catch: (cause) =>
      new DeliveryFailed({
        taskId: id,
        reason: cause instanceof Error ? cause.message : String(cause),
        cause,
      }),
  })

/**
 * Makes a {@link PromiseDesk}. Throws `InvalidDeskInput` naming the bad option at once (not at the
 * first call).
 *
 * @example
 * ```ts
 * import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"
 * const desk = Desk.createDesk({
 *   config: {
 *     serviceLevel: ServiceLevel.make({
 *       name: "Standard", calendar: Calendar.always, channels: ["email"], sla: [],
 *       followUp: FollowUp.policy({ acknowledge: { within: "PT1H" } }),
 *     }),
 *   },
 *   send: async () => {},
 * })
 * typeof desk.execute // => "function"
 * ```
 * @since 0.1.0
 * @category Promise facade
 */
export const createDesk = (options: CreateDeskOptions): PromiseDesk => {
  if (typeof options !== "object" || options === null)
    throw new InvalidDeskInput({ field: "options", reason: "must be { config, store?, send }" })
  if (typeof options.send !== "function")
    throw new InvalidDeskInput({ field: "send", reason: "must be an async function (task) => void" })
  if (options.store !== undefined && !Layer.isLayer(options.store))
    throw new InvalidDeskInput({
      field: "store",
      reason: "must be a TicketStore layer (e.g. Desk.memoryStore())",
    })
  if (options.notify !== undefined && typeof options.notify !== "function")
    throw new InvalidDeskInput({
      field: "notify",
      reason: "must be an async function (notification) => void",
    })
  const send = options.send
  const notify = options.notify
  const sink = Layer.succeed(FollowUpSink, {
    send: (task) => delivered(() => send(task), task.id),
    ...(notify === undefined
      ? {}
      : { notify: (notification: Notification) => delivered(() => notify(notification), notification.id) }),
  })
  const layer = Desk.layer(options.config).pipe(
    Layer.provide(Layer.mergeAll(options.store ?? memoryStore(), sink)),
  )
  // Check the configuration now, so that a bad one throws here rather than on the first call.
  const checked = Effect.runSync(Effect.result(checkConfig(options.config)))
  if (Result.isFailure(checked)) throw checked.failure
  const runtime = ManagedRuntime.make(layer)
  return {
    execute: (ticketId, command, executeOptions) =>
      runtime.runPromise(Desk.use((d) => d.execute(ticketId, command, executeOptions))),
    status: (ticketId) => runtime.runPromise(Desk.use((d) => d.status(ticketId))),
    tick: () => runtime.runPromise(Desk.use((d) => d.tick())),
    dispose: () => runtime.dispose(),
  }
}
