// Internal: one writer per ticket inside a process. Commands, follow-up records and automation
// firings on the same ticket run one after another here, so that they do not fail each other with
// ConcurrencyConflict; conflicts are left to writers in other processes.
import * as Effect from "effect/Effect"
import * as Semaphore from "effect/Semaphore"

/** A lock per ticket id, dropped when no one holds or waits for it (memory bounded by the work in flight). */
export const ticketLocks = () => {
  const locks = new Map<string, { readonly semaphore: Semaphore.Semaphore; users: number }>()
  // The count goes up and its release is set up with no interruption between them; waiting for
  // the lock and the work itself stay interruptible.
  return <A, E, R>(ticketId: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.suspend(() => {
        let lock = locks.get(ticketId)
        if (lock === undefined) {
          lock = { semaphore: Semaphore.makeUnsafe(1), users: 0 }
          locks.set(ticketId, lock)
        }
        const held = lock
        held.users++
        return restore(held.semaphore.withPermits(1)(effect)).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              if (--held.users === 0) locks.delete(ticketId)
            }),
          ),
        )
      }),
    )
}
