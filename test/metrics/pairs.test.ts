// The SLA and follow-up counts of a tally (`Pairs`): counted by name number for the names kept and
// in a map for the rest, found through shared lists or name by name — always what a plain map of
// names to [good, bad] would hold.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { nameNumber, sharedList } from "../../src/metrics/names.js"
import { Pairs } from "../../src/metrics/tally.js"

type Op = readonly [names: ReadonlyArray<string>, shared: boolean, good: number, bad: number]

/** What the pairs must hold: a plain map, sorted by name. */
const model = (ops: ReadonlyArray<Op>): Array<readonly [string, number, number]> => {
  const m = new Map<string, [number, number]>()
  for (const [names, , good, bad] of ops)
    for (const name of names) {
      const pair = m.get(name) ?? [0, 0]
      m.set(name, [pair[0] + good, pair[1] + bad])
    }
  return [...m].map(([name, [g, b]]) => [name, g, b] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1))
}

const apply = (p: Pairs, ops: ReadonlyArray<Op>): Pairs => {
  for (const [names, shared, good, bad] of ops) {
    if (shared) p.bumpAll(sharedList("metric", names), good, bad)
    else if (names.length === 1 && good + bad !== 1) p.bump(names[0]!, good, bad)
    else p.bumpAll([...names], good, bad)
  }
  return p
}

const run = `r${Math.random().toString(36).slice(2, 8)}`
const name = fc.oneof(
  fc.constantFrom("firstReply", "nextReply", "resolution", "requesterWait", "__proto__", "constructor"),
  fc.integer({ min: 0, max: 30 }).map((k) => `${run}-custom-${k}`),
)
const op: fc.Arbitrary<Op> = fc.tuple(
  fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
  fc.boolean(),
  fc.constantFrom(0, 1, 2),
  fc.constantFrom(0, 1, 3),
)

describe("Pairs: SLA and follow-up counts by name", () => {
  it("holds what a map of names to [good, bad] holds, however the names come (property)", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        expect(apply(new Pairs("metric"), ops).sorted()).toEqual(model(ops))
      }),
    )
  })

  it("merges into exactly what one tally of both would hold (property)", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(op, { maxLength: 40 }), (a, b) => {
        const merged = apply(new Pairs("metric"), a)
        merged.merge(apply(new Pairs("metric"), b))
        expect(merged.sorted()).toEqual(model([...a, ...b]))
      }),
    )
  })

  it("keeps a name counted at [0, 0] (a restored tally lists it as it was)", () => {
    const p = new Pairs("metric")
    p.bump("firstReply", 0, 0)
    p.bump(`${run}-restored`, 0, 0)
    p.bumpAll(sharedList("metric", ["firstReply"]), 1, 0)
    expect(p.sorted()).toEqual([
      ["firstReply", 1, 0],
      [`${run}-restored`, 0, 0],
    ])
  })

  it("counts names past the bound of names kept (no number) beside those with one", () => {
    // Past some 1 000 custom names the names are no longer kept: these lists are not numbered.
    const names = Array.from({ length: 1_100 }, (_, k) => `${run}-bound-${k}`)
    for (const n of names) sharedList("metric", [n])
    const unnumbered = names.filter((n) => nameNumber(n) < 0)
    expect(unnumbered.length).toBeGreaterThan(0)
    const ops: Array<Op> = names.flatMap((n, k) => [
      [[n], true, 1, 0] as const,
      [[n, "firstReply"], k % 2 === 0, 0, 1] as const,
    ])
    const a = apply(new Pairs("metric"), ops.slice(0, 1_000))
    a.merge(apply(new Pairs("metric"), ops.slice(1_000)))
    expect(a.sorted()).toEqual(model(ops))
  })
})
