// Internal: finding, for each public reply, the first status change or end after it, without
// scanning the history from its start each time (that made planning quadratic in the history).

/**
 * Steps taken by the searches of a plan (cursor moves, binary-search probes, status segments
 * walked), summed over every plan since the module loaded. Only test/followup/linear.test.ts
 * reads it, to pin planning down as linear in the history by counting work rather than timing it.
 */
export const work = { steps: 0 }

/**
 * The first position of a list of instants, kept in history order (so not necessarily sorted),
 * whose instant is after a given one (or at it, with `orAt`): the answer of a scan from the start.
 *
 * The answer is the first position whose running maximum passes the instant, and it never moves
 * back as the instant grows. Queries made in time order (the replies of a history) move a cursor
 * forward, O(n + q) in all; a query earlier than the one before it is a binary search over the
 * running maxima, O(log n).
 */
export class InstantCursor {
  /** The running maxima: the instants themselves when they are in order (a history's usual case). */
  private readonly max: ReadonlyArray<number>
  private at = 0
  private last = Number.NEGATIVE_INFINITY

  constructor(
    instants: ReadonlyArray<number>,
    private readonly orAt: boolean,
  ) {
    let sorted = true
    for (let i = 1; sorted && i < instants.length; i++) sorted = instants[i - 1]! <= instants[i]!
    if (sorted) this.max = instants
    else {
      const max: Array<number> = []
      let m = Number.NEGATIVE_INFINITY
      for (const t of instants) {
        if (t > m) m = t
        max.push(m)
      }
      this.max = max
    }
  }

  /** The first position whose instant is after `t` (or at it, with `orAt`); the list's length when none. */
  first(t: number): number {
    const max = this.max
    const orAt = this.orAt
    let k = this.at
    if (t >= this.last) {
      while (k < max.length && (orAt ? max[k]! < t : max[k]! <= t)) {
        k++
        work.steps++
      }
    } else {
      // The answer lies in [0, k]: the running maxima are sorted.
      let lo = 0
      while (lo < k) {
        const mid = (lo + k) >>> 1
        if (orAt ? max[mid]! >= t : max[mid]! > t) k = mid
        else lo = mid + 1
        work.steps++
      }
    }
    this.at = k
    this.last = t
    return k
  }
}
