import type { Claim } from "./store.js"

/**
 * An indexed binary min-heap of tickets keyed by an instant, ties by ticket id. Each ticket is in
 * it at most once and knows its slot, so a ticket's key can be set or removed in place (no stale
 * entries piling up when due times move). `work` counts the comparisons made, for tests that
 * check an operation's cost without timing it.
 */
class TicketHeap {
  private readonly ids: Array<string> = []
  private readonly keys: Array<number> = []
  private readonly slots = new Map<string, number>()
  work = 0

  get size(): number {
    return this.ids.length
  }

  has(ticketId: string): boolean {
    return this.slots.has(ticketId)
  }

  /** Whether the smallest key is at or before `now` (false when empty). O(1). */
  hasKeyBy(now: number): boolean {
    return this.ids.length > 0 && (this.keys[0] as number) <= now
  }

  /** Adds the ticket or moves it to `key`. O(log n). */
  set(ticketId: string, key: number): void {
    const slot = this.slots.get(ticketId)
    if (slot === undefined) {
      this.ids.push(ticketId)
      this.keys.push(key)
      this.slots.set(ticketId, this.ids.length - 1)
      this.up(this.ids.length - 1)
    } else {
      const before = this.keys[slot] as number
      this.keys[slot] = key
      if (key < before) this.up(slot)
      else this.down(slot)
    }
  }

  /** Removes the ticket if present. O(log n). */
  delete(ticketId: string): void {
    const slot = this.slots.get(ticketId)
    if (slot !== undefined) this.removeAt(slot)
  }

  /** Removes and returns the ticket with the smallest key (ties: smallest id). O(log n). */
  pop(): string {
    const top = this.ids[0] as string
    this.removeAt(0)
    return top
  }

  private removeAt(slot: number): void {
    const last = this.ids.length - 1
    this.slots.delete(this.ids[slot] as string)
    if (slot !== last) {
      this.place(slot, this.ids[last] as string, this.keys[last] as number)
      this.ids.pop()
      this.keys.pop()
      this.down(slot)
      this.up(slot)
    } else {
      this.ids.pop()
      this.keys.pop()
    }
  }

  private less(a: number, b: number): boolean {
    this.work++
    const ka = this.keys[a] as number
    const kb = this.keys[b] as number
    return ka < kb || (ka === kb && (this.ids[a] as string) < (this.ids[b] as string))
  }

  private place(slot: number, ticketId: string, key: number): void {
    this.ids[slot] = ticketId
    this.keys[slot] = key
    this.slots.set(ticketId, slot)
  }

  private swap(a: number, b: number): void {
    const idA = this.ids[a] as string
    const keyA = this.keys[a] as number
    this.place(a, this.ids[b] as string, this.keys[b] as number)
    this.place(b, idA, keyA)
  }

  private up(slot: number): void {
    let child = slot
    while (child > 0) {
      const parent = (child - 1) >> 1
      if (!this.less(child, parent)) return
      this.swap(child, parent)
      child = parent
    }
  }

  private down(slot: number): void {
    const n = this.ids.length
    let parent = slot
    for (;;) {
      const left = 2 * parent + 1
      if (left >= n) return
      const right = left + 1
      const child = right < n && this.less(right, left) ? right : left
      if (!this.less(child, parent)) return
      this.swap(child, parent)
      parent = child
    }
  }
}

/**
 * The due times and claims of the in-memory store, kept so that a claim costs what is due, not
 * what is stored. Two heaps hold every ticket that has a due time, each in exactly one of them:
 * `ready` by due time (then id), and `leased` by the end of the claim it was last seen under.
 * `claims` stays the truth about leases; the heaps only say where to look.
 *
 * - `schedule`: O(log n).
 * - `release`: O(log n).
 * - `claim`: O((k + m + l) · log n) for k tickets claimed, m leases that lapsed since the last
 *   claim and l due tickets found still leased (each moves to `leased` once per lease).
 */
export class DueIndex {
  /** Ticket → its due time (a number, never NaN), for tickets that have one. */
  private readonly due = new Map<string, number>()
  /** Ticket → its claim's token and the instant it lapses (released claims are removed). */
  private readonly claims = new Map<string, { readonly token: string; readonly lapses: number }>()
  /** The last token handed out: each claim gets the next one. */
  private tokens = 0
  private readonly ready = new TicketHeap()
  private readonly leased = new TicketHeap()

  /** Comparisons made by both heaps since the index was made. */
  get work(): number {
    return this.ready.work + this.leased.work
  }

  /** Sets when the ticket is next due (`undefined`: never). Leaves its claim alone. */
  schedule(ticketId: string, at: number | undefined): void {
    // NaN is never `<= now`: such a ticket is never due, as with `undefined`.
    if (at === undefined || Number.isNaN(at)) {
      this.due.delete(ticketId)
      this.ready.delete(ticketId)
      // A leased ticket stays in `leased`; when its lease lapses it is dropped for having no due time.
      return
    }
    this.due.set(ticketId, at)
    // A leased ticket's due time is read when its lease lapses. (A ticket under a NaN lease is in
    // neither heap: in `ready` it is found claimed and dropped again.)
    if (!this.leased.has(ticketId)) this.ready.set(ticketId, at)
  }

  /** Whether the ticket's claim (lapsed or not, but not released nor claimed again) has `token`. */
  holds(ticketId: string, token: string): boolean {
    return this.claims.get(ticketId)?.token === token
  }

  /** Ends the ticket's claim if it has `token`: it is claimable again from its due time. */
  release(ticketId: string, token: string): void {
    if (!this.holds(ticketId, token)) return
    this.claims.delete(ticketId)
    this.leased.delete(ticketId)
    const at = this.due.get(ticketId)
    if (at !== undefined) this.ready.set(ticketId, at)
  }

  /**
   * Claims up to `limit` tickets due at `now` and not under a claim, most overdue first, ties by
   * id, each until `now + leaseMs`.
   */
  claim(now: number, limit: number, leaseMs: number): Array<Claim> {
    const claimed: Array<Claim> = []
    const max = Math.trunc(limit)
    if (!(max > 0)) return claimed
    // Lapsed leases first, so that their tickets take their place among the due ones.
    while (this.leased.hasKeyBy(now)) {
      const ticketId = this.leased.pop()
      const at = this.due.get(ticketId)
      if (at !== undefined) this.ready.set(ticketId, at)
    }
    while (claimed.length < max && this.ready.hasKeyBy(now)) {
      const ticketId = this.ready.pop()
      const lapses = this.claims.get(ticketId)?.lapses
      if (lapses === undefined || lapses <= now) {
        const token = String(++this.tokens)
        claimed.push({ ticketId, token })
        this.claims.set(ticketId, { token, lapses: now + leaseMs })
        this.hold(ticketId, now + leaseMs)
      } else {
        // Still claimed (e.g. `now` went back in time): wait in `leased` until the claim lapses.
        this.hold(ticketId, lapses)
      }
    }
    return claimed
  }

  /** Parks a claimed ticket until `lapses`; a NaN lease never lapses, so only `release` frees it. */
  private hold(ticketId: string, lapses: number): void {
    if (!Number.isNaN(lapses)) this.leased.set(ticketId, lapses)
  }
}
