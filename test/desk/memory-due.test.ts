// The in-memory store keeps due times in an ordered index, so that a tick costs what is due, not
// what is stored. Costs are counted (heap comparisons), never timed; the claims themselves must be
// those of the plain scan the index replaced, which is written out below as the reference.
import * as Effect from "effect/Effect"
import fc from "fast-check"
import type { Desk } from "servicekit"
import { describe, expect, it } from "vitest"
import { makeMemoryStore } from "../../src/desk/memory.js"
import { runs } from "../setup/property-runs.js"

const T0 = Date.UTC(2030, 0, 7, 9)
const HOUR = 3_600_000

/** A store holding `n` tickets, all due in the future, set in a scrambled order. */
const storeWith = (n: number) => {
  const made = makeMemoryStore()
  for (let i = 0; i < n; i++) {
    const j = (i * 7_919) % n // 7919 is prime and divides none of the sizes: a permutation
    Effect.runSync(made.store.setNextDue(`T-${j}`, T0 + HOUR + j * 1_000, 1))
  }
  return made
}

const workOf = (made: ReturnType<typeof makeMemoryStore>, run: () => void): number => {
  const before = made.dueIndex.work
  run()
  return made.dueIndex.work - before
}

const sizes = [1_000, 10_000, 100_000] as const

const ids = (claims: ReadonlyArray<Desk.Claim>): Array<string> => claims.map((c) => c.ticketId)
const k = 20

describe("the memory store's due index", () => {
  const stores = sizes.map((n) => ({ n, made: storeWith(n) }))

  it("claims with nothing due without looking at the tickets stored", () => {
    for (const { made } of stores) {
      let claimed: ReadonlyArray<string> = ["?"]
      expect(workOf(made, () => (claimed = ids(Effect.runSync(made.store.claimDue(T0, 100, 60_000)))))).toBe(
        0,
      )
      expect(claimed).toEqual([])
    }
  })

  it("claims k due tickets in O(k · log n) comparisons, not O(n)", () => {
    for (const { n, made } of stores) {
      for (let i = 0; i < k; i++) Effect.runSync(made.store.setNextDue(`D-${i}`, T0 - i, 1))
      let claimed: ReadonlyArray<string> = []
      const work = workOf(made, () => (claimed = ids(Effect.runSync(made.store.claimDue(T0, 100, 60_000)))))
      expect(claimed).toEqual(Array.from({ length: k }, (_, i) => `D-${k - 1 - i}`))
      // Each claim: one pop (≤ 2 comparisons per level) and one insert into the leases (≤ 1 per level).
      expect(work).toBeLessThanOrEqual(3 * k * (Math.log2(n + k) + 1))
      // When the leases lapse, the k tickets come back with the same order of work.
      for (let i = 0; i < k; i++) Effect.runSync(made.store.setNextDue(`D-${i}`, undefined, 2))
      const lapsed = workOf(
        made,
        () => (claimed = ids(Effect.runSync(made.store.claimDue(T0 + 60_000, 100, 60_000)))),
      )
      expect(claimed).toEqual([])
      expect(lapsed).toBeLessThanOrEqual(3 * k * (Math.log2(n + k) + 1))
    }
  })

  it("moves or removes one ticket's due time in O(log n) comparisons", () => {
    for (const { n, made } of stores) {
      const moved = workOf(made, () =>
        Effect.runSync(made.store.setNextDue("T-7", T0 + 2 * HOUR + n * 1_000, 2)),
      )
      const removed = workOf(made, () => Effect.runSync(made.store.setNextDue("T-8", undefined, 2)))
      const stale = workOf(made, () => Effect.runSync(made.store.setNextDue("T-7", T0, 1)))
      expect(moved).toBeLessThanOrEqual(2 * (Math.log2(n) + 1))
      expect(removed).toBeLessThanOrEqual(3 * (Math.log2(n) + 1))
      expect(stale).toBe(0)
      expect(Effect.runSync(made.store.claimDue(T0, 10, 60_000))).toEqual([])
    }
  })
})

/** The scan the index replaced: every operation as it was, claimDue looking at every ticket. */
const referenceStore = () => {
  const due = new Map<string, { readonly at: number | undefined; readonly version: number }>()
  const claims = new Map<string, number>()
  return {
    setNextDue: (ticketId: string, at: number | undefined, version: number) => {
      const known = due.get(ticketId)
      if (known === undefined || known.version <= version) due.set(ticketId, { at, version })
    },
    release: (ticketId: string) => {
      claims.delete(ticketId)
    },
    claimDue: (now: number, limit: number, leaseMs: number): ReadonlyArray<string> => {
      const ready: Array<readonly [string, number]> = []
      for (const [ticketId, { at }] of due)
        if (at !== undefined && at <= now && (claims.get(ticketId) ?? Number.NEGATIVE_INFINITY) <= now)
          ready.push([ticketId, at])
      ready.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      const claimed = ready.slice(0, Math.max(0, limit)).map(([ticketId]) => ticketId)
      for (const ticketId of claimed) claims.set(ticketId, now + leaseMs)
      return claimed
    },
  }
}

const ticketId = fc.constantFrom("T-1", "T-2", "T-3", "T-10", "T-11", "T-20")
const instant = fc.integer({ min: 0, max: 60 })
const operation = fc.oneof(
  fc.record({
    op: fc.constant("setNextDue" as const),
    ticketId,
    at: fc.option(instant, { nil: undefined }),
    version: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ op: fc.constant("release" as const), ticketId }),
  fc.record({
    op: fc.constant("claimDue" as const),
    // Mostly forward, sometimes back: a worker's clock may lag another's.
    step: fc.integer({ min: -5, max: 15 }),
    limit: fc.integer({ min: -1, max: 4 }),
    leaseMs: fc.integer({ min: 0, max: 25 }),
  }),
)

describe("the memory store's claims", () => {
  it("are those of a scan over every ticket, for any sequence of due times, claims and releases", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const { store } = makeMemoryStore()
        const reference = referenceStore()
        let now = 0
        // The token of each ticket's latest claim: a release is its claimant's.
        const tokens = new Map<string, string>()
        for (const o of operations) {
          if (o.op === "setNextDue") {
            reference.setNextDue(o.ticketId, o.at, o.version)
            Effect.runSync(store.setNextDue(o.ticketId, o.at, o.version))
          } else if (o.op === "release") {
            reference.release(o.ticketId)
            Effect.runSync(store.release(o.ticketId, tokens.get(o.ticketId) ?? "never claimed"))
          } else {
            now += o.step
            const expected = reference.claimDue(now, o.limit, o.leaseMs)
            const claims = Effect.runSync(store.claimDue(now, o.limit, o.leaseMs))
            for (const c of claims) tokens.set(c.ticketId, c.token)
            expect(ids(claims)).toEqual(expected)
          }
        }
      }),
      { numRuns: runs(500) },
    )
  })
})
