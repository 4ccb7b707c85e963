// The quantile sketch against exact order statistics of the same rank convention, the exactness
// of merging shards in any order, the JSON round trip, and every refusal.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { binOf, binWindow, QuantileSketch, type SketchJSON } from "../../src/metrics/sketch.js"
import { fieldOf } from "./invalid.js"

const TEN_YEARS = 10 * 365 * 86_400_000
const QS = [0, 0.001, 0.01, 0.07, 0.1, 0.25, 0.29, 0.5, 0.57, 0.75, 0.9, 0.95, 0.99, 0.999, 1]

/** Durations in ms as a help desk sees them: zeros, seconds, hours, years. */
const duration = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 1_000 }),
  fc.integer({ min: 0, max: 86_400_000 }),
  fc.integer({ min: 0, max: TEN_YEARS }),
)
const durations = fc.array(duration, { minLength: 1, maxLength: 400 })

const sketchOf = (values: Iterable<number>, relativeAccuracy?: number): QuantileSketch => {
  const sketch = new QuantileSketch(relativeAccuracy === undefined ? undefined : { relativeAccuracy })
  for (const v of values) sketch.add(v)
  return sketch
}

/**
 * The nearest-rank quantile, the convention the sketch estimates: the smallest value with at
 * least a share q of the values at or below it, counted with exact rationals (q is a multiple
 * of 1/1000 here) so that no binary rounding decides the rank.
 */
const exact = (sorted: ReadonlyArray<number>, q: number): number => {
  const perMille = Math.round(q * 1000)
  const rank = Math.max(1, Math.ceil((perMille * sorted.length) / 1000))
  return sorted[rank - 1]!
}

const roundTrip = (sketch: QuantileSketch): QuantileSketch =>
  QuantileSketch.fromJSON(JSON.parse(JSON.stringify(sketch)))

/** The bin of `value` by `Math.log`, the definition `binOf` must match exactly. */
const exactBin = (value: number, alpha: number): number => {
  const multiplier = 1 / Math.log((1 + alpha) / (1 - alpha))
  return Math.ceil(Math.log(value) * multiplier)
}
const fastBin = (value: number, alpha: number): number => {
  const multiplier = 1 / Math.log((1 + alpha) / (1 - alpha))
  const { scale, width } = binWindow(multiplier)
  return binOf(value, multiplier, scale, width)
}
/** The doubles next to `x` (x > 0), one ulp below and above. */
const neighbours = (x: number): [number, number] => {
  const bits = new BigUint64Array(new Float64Array([x]).buffer)
  const below = new Float64Array(new BigUint64Array([bits[0]! - 1n]).buffer)[0]!
  const above = new Float64Array(new BigUint64Array([bits[0]! + 1n]).buffer)[0]!
  return [below, above]
}
const ALPHAS = [0.0001, 0.001, 0.005, 0.01, 0.02, 0.05, 0.2, 0.5, 0.9]

describe("binOf: the bin of a value from its bits", () => {
  it("is exactly Math.ceil(Math.log(value) × multiplier) for any value and accuracy (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 1e-9, max: 1e300, noNaN: true }),
          fc.integer({ min: 1, max: TEN_YEARS }),
          fc.double({ min: 1e-9, max: 10, noNaN: true }),
        ),
        fc.constantFrom(...ALPHAS),
        (value, alpha) => {
          expect(fastBin(value, alpha)).toBe(exactBin(value, alpha))
        },
      ),
      { numRuns: 20_000 },
    )
  })

  it("is exact on and next to every bin boundary, where the estimate alone cannot tell", () => {
    for (const alpha of ALPHAS) {
      const gamma = (1 + alpha) / (1 - alpha)
      // Boundaries γᵏ from 1e-9 to 1e15, and the doubles one ulp either side of each.
      const from = Math.ceil(Math.log(1e-9) / Math.log(gamma))
      const to = Math.floor(Math.log(1e15) / Math.log(gamma))
      const step = Math.max(1, Math.floor((to - from) / 3_000))
      for (let k = from; k <= to; k += step) {
        const boundary = gamma ** k
        for (const v of [boundary, ...neighbours(boundary)])
          if (v >= 1e-9) expect(fastBin(v, alpha), `α ${alpha}, γ^${k}`).toBe(exactBin(v, alpha))
      }
    }
  })

  it("is exact on every whole millisecond up to 100 s, every 997 ms up to a day, and on powers of two", () => {
    for (let ms = 1; ms <= 86_400_000; ms += ms < 100_000 ? 1 : 997)
      expect(fastBin(ms, 0.01)).toBe(exactBin(ms, 0.01))
    for (let e = -29; e <= 60; e++)
      for (const alpha of ALPHAS) expect(fastBin(2 ** e, alpha)).toBe(exactBin(2 ** e, alpha))
  })
})

describe("QuantileSketch", () => {
  it("answers null when empty", () => {
    const sketch = new QuantileSketch()
    expect(sketch.quantile(0)).toBeNull()
    expect(sketch.quantile(0.5)).toBeNull()
    expect(sketch.quantile(1)).toBeNull()
    expect([sketch.count, sketch.sum, sketch.min, sketch.max, sketch.mean]).toEqual([0, 0, null, null, null])
    expect(sketch.toJSON()).toEqual({
      relativeAccuracy: 0.01,
      count: 0,
      sum: 0,
      min: null,
      max: null,
      zeroCount: 0,
      offset: 0,
      bins: [],
    })
  })

  it("keeps count, sum, min, max and mean exactly", () => {
    const sketch = sketchOf([120, 0, 3_600_000, 45])
    expect([sketch.count, sketch.sum, sketch.min, sketch.max]).toEqual([4, 3_600_165, 0, 3_600_000])
    expect(sketch.mean).toBe(3_600_165 / 4)
    expect(sketch.quantile(0)).toBe(0)
    expect(sketch.quantile(1)).toBe(3_600_000)
  })

  it("estimates the nearest rank: the smallest value with a share q at or below it", () => {
    const near = (value: number | null, exact: number) =>
      expect(Math.abs(value! - exact)).toBeLessThanOrEqual(0.01 * exact)
    const two = sketchOf([1_800_000, 57_600_000])
    near(two.quantile(0.5), 1_800_000) // the lower median
    near(two.quantile(0.9), 57_600_000)
    const four = sketchOf([10, 20, 30, 40])
    near(four.quantile(0.25), 10)
    near(four.quantile(0.26), 20)
    near(four.quantile(0.5), 20)
    near(four.quantile(0.75), 30)
    near(four.quantile(0.76), 40)
  })

  it("takes q · count close to an integer as that integer (0.07 × 100 is 7.000000000000001)", () => {
    const hundred = sketchOf(Array.from({ length: 100 }, (_, i) => 1_000 * (i + 1)))
    expect(0.07 * 100).not.toBe(7)
    expect(Math.abs(hundred.quantile(0.07)! - 7_000)).toBeLessThanOrEqual(70)
    expect(Math.abs(hundred.quantile(0.57)! - 57_000)).toBeLessThanOrEqual(570)
    expect(Math.abs(hundred.quantile(0.571)! - 58_000)).toBeLessThanOrEqual(580)
  })

  it("is within the relative accuracy of the exact value of the same rank (property)", () => {
    for (const relativeAccuracy of [0.01, 0.05]) {
      fc.assert(
        fc.property(durations, (values) => {
          const sketch = sketchOf(values, relativeAccuracy)
          const sorted = [...values].sort((a, b) => a - b)
          for (const q of QS) {
            const truth = exact(sorted, q)
            // 1e-12: the log of a value on a bin's very edge may round into the next bin.
            expect(Math.abs(sketch.quantile(q)! - truth), `q = ${q}`).toBeLessThanOrEqual(
              relativeAccuracy * truth * (1 + 1e-12),
            )
          }
        }),
        { numRuns: 200 },
      )
    }
  })

  it("holds its accuracy on a million log-spread values", () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) =>
      Math.floor(Math.exp(((i * 7919) % 1_000_000) / 40_000)),
    )
    const sketch = sketchOf(values)
    const sorted = values.sort((a, b) => a - b)
    for (const q of QS) {
      const truth = exact(sorted, q)
      expect(Math.abs(sketch.quantile(q)! - truth)).toBeLessThanOrEqual(0.01 * truth * (1 + 1e-12))
    }
  })

  it("merges shards, in any order, into exactly the single-pass sketch (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(duration, fc.integer({ min: 0, max: 4 })), { maxLength: 300 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
        (tagged, order) => {
          const whole = sketchOf(tagged.map(([v]) => v))
          const shards = [0, 1, 2, 3, 4].map((s) =>
            sketchOf(tagged.filter(([, t]) => t === s).map(([v]) => v)),
          )
          const merged = new QuantileSketch()
          for (const s of order) merged.merge(shards[s]!)
          expect(merged.toJSON()).toEqual(whole.toJSON())
          // Merging into a non-empty shard (which grows its bins both ways) gives the same.
          const [head, ...rest] = order.map((s) => roundTrip(shards[s]!))
          for (const shard of rest) head!.merge(shard)
          expect(head!.toJSON()).toEqual(whole.toJSON())
          for (const q of QS) expect(merged.quantile(q)).toBe(whole.quantile(q))
        },
      ),
      { numRuns: 200 },
    )
  })

  it("counts past 2³² − 1 in one bin exactly: its bins widen to doubles, in add, merge and fromJSON", () => {
    const big = 2 ** 32 - 1
    const a = new QuantileSketch().add(1_000, big).add(1_000, 5)
    expect(a.toJSON().bins).toEqual([big + 5])
    expect(a.count).toBe(big + 5)
    expect(Math.abs(a.quantile(0.5)! - 1_000)).toBeLessThanOrEqual(10)
    // Still grows, in doubles, for a value far from the first.
    a.add(86_400_000).add(0.5)
    expect(a.toJSON().bins.reduce((n, c) => n + c, 0)).toBe(big + 7)
    // Two narrow sketches whose sum passes the bound, in either order of merge.
    const left = new QuantileSketch().add(1_000, big - 10).add(50)
    const right = new QuantileSketch().add(1_000, 20).add(5_000_000)
    const lr = new QuantileSketch().merge(left).merge(right).toJSON()
    const rl = new QuantileSketch().merge(right).merge(left).toJSON()
    expect(lr).toEqual(rl)
    expect(Math.max(...lr.bins)).toBe(big + 10)
    expect(lr.count).toBe(big + 12)
    // A wide sketch merged into a narrow one, and back through JSON.
    const narrow = new QuantileSketch().add(1_000).merge(a)
    expect(Math.max(...narrow.toJSON().bins)).toBe(big + 6)
    expect(QuantileSketch.fromJSON(JSON.parse(JSON.stringify(narrow))).toJSON()).toEqual(narrow.toJSON())
    const restored = QuantileSketch.fromJSON({
      ...lr,
      bins: lr.bins.map((c) => (c === big + 10 ? 2 ** 40 : c)),
      count: lr.count - (big + 10) + 2 ** 40,
      // The values moved into that bin are 1 000s: the sum follows them (or it would contradict the bins).
      sum: lr.sum + (2 ** 40 - (big + 10)) * 1_000,
    })
    expect(restored.add(1_000).toJSON().bins).toContain(2 ** 40 + 1)
  })

  it("counts a value added n times as n values", () => {
    fc.assert(
      fc.property(duration, fc.integer({ min: 1, max: 50 }), (value, times) => {
        const once = new QuantileSketch().add(value, times)
        const repeated = sketchOf(Array.from({ length: times }, () => value))
        expect(once.toJSON()).toEqual(repeated.toJSON())
      }),
    )
  })

  it("merges a shard spanning many bins into an empty sketch without losing any", () => {
    const shard = sketchOf([1, 4, 1_000, 3_600_000])
    expect(new QuantileSketch().merge(shard).toJSON()).toEqual(shard.toJSON())
    expect(roundTrip(new QuantileSketch()).merge(shard).toJSON()).toEqual(shard.toJSON())
  })

  it("merges with itself into twice its counts", () => {
    const sketch = sketchOf([1, 2, 3])
    sketch.merge(sketch)
    expect(sketch.toJSON()).toEqual(sketchOf([1, 1, 2, 2, 3, 3]).toJSON())
  })

  it("restores exactly from its JSON (property)", () => {
    fc.assert(
      fc.property(
        fc.array(duration, { maxLength: 300 }),
        fc.array(duration, { maxLength: 20 }),
        (values, more) => {
          const sketch = sketchOf(values)
          const restored = roundTrip(sketch)
          expect(restored.toJSON()).toEqual(sketch.toJSON())
          for (const q of QS) expect(restored.quantile(q)).toBe(sketch.quantile(q))
          expect([restored.count, restored.sum, restored.min, restored.max, restored.mean]).toEqual([
            sketch.count,
            sketch.sum,
            sketch.min,
            sketch.max,
            sketch.mean,
          ])
          for (const v of more) {
            sketch.add(v)
            restored.add(v)
          }
          expect(restored.toJSON()).toEqual(sketch.toJSON())
        },
      ),
      { numRuns: 200 },
    )
  })

  it("keeps its bins to the log of the range: 1 ms to 10 years in about 1 300 bins at 1 %", () => {
    const sketch = new QuantileSketch()
    for (let i = 0; i < 100_000; i++) sketch.add(1 + ((i * 104_729) % TEN_YEARS))
    sketch.add(1).add(TEN_YEARS)
    const bins = sketch.toJSON().bins
    expect(bins.length).toBeGreaterThan(1_200)
    expect(bins.length).toBeLessThan(1_400)
    for (const n of bins) expect(Number.isInteger(n)).toBe(true)
  })

  it("counts zeros (and values below 1e-9) in a zero bin, and −0 as 0", () => {
    const sketch = new QuantileSketch().add(-0).add(1e-12).add(5)
    const json = sketch.toJSON()
    expect(json.zeroCount).toBe(2)
    expect(Object.is(json.min, 0)).toBe(true)
    expect(sketch.quantile(0.5)).toBe(0)
  })

  it("refuses bad values, counts, quantiles, accuracies and merges", () => {
    const sketch = new QuantileSketch()
    expect(fieldOf(() => sketch.add(-1))).toBe("value")
    expect(fieldOf(() => sketch.add(Number.NaN))).toBe("value")
    expect(fieldOf(() => sketch.add(Number.POSITIVE_INFINITY))).toBe("value")
    expect(fieldOf(() => sketch.add("5" as unknown as number))).toBe("value")
    expect(fieldOf(() => sketch.add(5, 0))).toBe("count")
    expect(fieldOf(() => sketch.add(5, 1.5))).toBe("count")
    expect(fieldOf(() => new QuantileSketch().add(1e308, 2))).toBe("value")
    expect(fieldOf(() => sketch.quantile(-0.1))).toBe("q")
    expect(fieldOf(() => sketch.quantile(1.5))).toBe("q")
    expect(fieldOf(() => sketch.quantile(Number.NaN))).toBe("q")
    expect(fieldOf(() => new QuantileSketch({ relativeAccuracy: 0 }))).toBe("relativeAccuracy")
    expect(fieldOf(() => new QuantileSketch({ relativeAccuracy: 1 }))).toBe("relativeAccuracy")
    expect(fieldOf(() => new QuantileSketch(null as unknown as undefined))).toBe("options")
    expect(fieldOf(() => sketch.merge(new QuantileSketch({ relativeAccuracy: 0.02 })))).toBe(
      "relativeAccuracy",
    )
    expect(fieldOf(() => sketch.merge({} as QuantileSketch))).toBe("other")
    expect(sketch.count).toBe(0)
  })

  describe("fromJSON", () => {
    const valid: SketchJSON = sketchOf([0, 3, 5, 900, 120_000]).toJSON()
    const withField = (changes: Record<string, unknown>): unknown => ({ ...valid, ...changes })
    const without = (key: keyof SketchJSON): unknown =>
      Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))

    it("accepts what toJSON gives, and untrimmed bins", () => {
      expect(QuantileSketch.fromJSON(valid).toJSON()).toEqual(valid)
      const padded = withField({ offset: valid.offset - 2, bins: [0, 0, ...valid.bins, 0] })
      expect(QuantileSketch.fromJSON(padded).toJSON()).toEqual(valid)
      const empty = new QuantileSketch({ relativeAccuracy: 0.02 }).toJSON()
      expect(QuantileSketch.fromJSON(empty).toJSON()).toEqual(empty)
    })

    it.each([
      ["not an object", null, "sketch"],
      ["an array", [], "sketch"],
      ["an unknown key", withField({ extra: 1 }), "extra"],
      ["no relativeAccuracy", without("relativeAccuracy"), "relativeAccuracy"],
      ["a relativeAccuracy out of range", withField({ relativeAccuracy: 1.5 }), "relativeAccuracy"],
      ["a negative count", withField({ count: -1 }), "count"],
      ["a count that is not the bins' total", withField({ count: valid.count + 1 }), "count"],
      ["a fractional zeroCount", withField({ zeroCount: 0.5 }), "zeroCount"],
      ["a fractional offset", withField({ offset: 1.5 }), "offset"],
      ["bins below the smallest value", withField({ offset: -100_000 }), "offset"],
      ["bins past the largest number", withField({ offset: 100_000 }), "bins"],
      ["no bins", without("bins"), "bins"],
      ["bins that are not an array", withField({ bins: "1,2" }), "bins"],
      ["a negative bin", withField({ bins: [1, -1, ...valid.bins.slice(2)] }), "bins[1]"],
      ["a fractional bin", withField({ bins: [...valid.bins.slice(0, 3), 0.5] }), "bins[3]"],
      ["a bin that is not a number", withField({ bins: [...valid.bins.slice(0, 2), "1"] }), "bins[2]"],
      ["no sum", without("sum"), "sum"],
      ["a negative sum", withField({ sum: -1 }), "sum"],
      ["a non-finite sum", withField({ sum: Number.POSITIVE_INFINITY }), "sum"],
      ["a null min", withField({ min: null }), "min"],
      ["a min outside the zero bin", withField({ min: 3 }), "min"],
      ["a max outside the last bin", withField({ max: 5 }), "max"],
      ["a max that is not a number", withField({ max: "120000" }), "max"],
      [
        "a sum its values cannot reach (mean above max)",
        withField({ sum: valid.count * valid.max! * 2 }),
        "sum",
      ],
      [
        "a sum of 6.4e6 over values from 0 to 49 001",
        { ...sketchOf([0, 49_001]).toJSON(), sum: 12_800_000 },
        "sum",
      ],
      ["a sum below count × min", { ...sketchOf([7, 7]).toJSON(), sum: 13 }, "sum"],
      ["an empty sketch with a sum", { ...new QuantileSketch().toJSON(), sum: 3 }, "sum"],
      ["an empty sketch with a min", { ...new QuantileSketch().toJSON(), min: 0 }, "min"],
    ])("refuses %s", (_, json, field) => {
      expect(fieldOf(() => QuantileSketch.fromJSON(json))).toBe(field)
    })

    it("takes a sum at count × min and count × max, and a sum of fractions rounded in any order", () => {
      expect(QuantileSketch.fromJSON(sketchOf([7, 7]).toJSON()).sum).toBe(14)
      const tenths = sketchOf(Array.from({ length: 1000 }, () => 0.1))
      expect(tenths.sum).not.toBe(100) // 0.1 added 1000 times rounds
      expect(QuantileSketch.fromJSON(tenths.toJSON()).sum).toBe(tenths.sum)
      const json = tenths.toJSON()
      expect(QuantileSketch.fromJSON({ ...json, sum: json.count * json.max! }).sum).toBe(100)
    })

    it("refuses a max below min", () => {
      const json = sketchOf([7, 7]).toJSON()
      expect(fieldOf(() => QuantileSketch.fromJSON({ ...json, min: 7.01, max: 7 }))).toBe("max")
    })
  })
})
