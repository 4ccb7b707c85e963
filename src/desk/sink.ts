import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Notification } from "../automation/index.js"
import type { FollowUpTask } from "../followup/index.js"
import { DeliveryFailed } from "./errors.js"
import { FollowUpSink } from "./store.js"

/**
 * A {@link FollowUpSink} that keeps what it is sent (follow-ups, and automation messages through
 * `notify`), in order: for tests, demos and dry runs.
 * `fail` may refuse a task (its reason becomes a `DeliveryFailed`, and the task stays owed).
 *
 * @example
 * ```ts
 * import { Desk } from "servicekit"
 * const outbox = Desk.recordingSink()
 * outbox.sent() // => []
 * ```
 * @since 0.1.0
 * @category Adapters
 */
export const recordingSink = (
  fail?: (task: FollowUpTask) => string | undefined,
): {
  /** The sink, to provide to the Desk. */
  readonly layer: Layer.Layer<FollowUpSink>
  /** What it was sent so far, in order. */
  readonly sent: () => ReadonlyArray<FollowUpTask>
  /** The automation messages it was given so far, in order. */
  readonly notified: () => ReadonlyArray<Notification>
} => {
  const sent: Array<FollowUpTask> = []
  const notified: Array<Notification> = []
  return {
    layer: Layer.succeed(FollowUpSink, {
      send: (task) =>
        Effect.suspend(() => {
          const reason = fail?.(task)
          if (reason !== undefined) return Effect.fail(new DeliveryFailed({ taskId: task.id, reason }))
          sent.push(task)
          return Effect.void
        }),
      notify: (notification) =>
        Effect.sync(() => {
          notified.push(notification)
        }),
    }),
    sent: () => sent.slice(),
    notified: () => notified.slice(),
  }
}
