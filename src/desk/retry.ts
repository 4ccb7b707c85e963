// Internal: how the Desk retries an append that lost a race to a writer in another process.
import * as Effect from "effect/Effect"

/** The first pause's upper bound, in ms; each further try doubles it, up to {@link MAX_PAUSE_MS}. */
const BASE_PAUSE_MS = 4
const MAX_PAUSE_MS = 250

/**
 * A pause of `ms` of wall-clock time (a timer, not the Desk's `Clock`): contention on a shared
 * store is real time, and under a `TestClock` a pause on the Clock would wait for a test to move
 * it. Interruptible: the timer is cleared.
 */
const pause = (ms: number): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const timer = setTimeout(() => resume(Effect.void), ms)
    return Effect.sync(() => clearTimeout(timer))
  })

/**
 * Runs `effect` up to `attempts` times while it fails with an error `when` accepts, pausing before
 * each new try for a random time up to 4, 8, 16 … 250 ms ("full jitter"): writers in different
 * processes that collided spread out instead of colliding again in step.
 */
export const retryWhile = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  attempts: number,
  when: (e: E) => boolean,
): Effect.Effect<A, E, R> => {
  const loop = (tried: number): Effect.Effect<A, E, R> =>
    Effect.catchIf(
      effect,
      (e) => tried < attempts && when(e),
      () =>
        Effect.andThen(
          pause(Math.random() * Math.min(MAX_PAUSE_MS, BASE_PAUSE_MS * 2 ** (tried - 1))),
          loop(tried + 1),
        ),
    )
  return loop(1)
}

/**
 * {@link retryWhile} on `ConcurrencyConflict`. Writers in one process never collide (the Desk
 * serialises them per ticket), so a single-process desk never pauses here.
 */
export const retryConflicts = <A, E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<A, E, R>,
  attempts: number,
): Effect.Effect<A, E, R> => retryWhile(effect, attempts, (e) => e._tag === "ConcurrencyConflict")
