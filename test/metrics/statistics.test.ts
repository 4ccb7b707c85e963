// CSAT, NPS, CES and their intervals: golden values computed by hand (or from published tables
// of Student's t), the edges (no answers, unanimous answers), every refusal, and the invariants
// of the intervals as properties.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { proportion, wilson } from "../../src/metrics/intervals.js"
import { ces, csat, nps } from "../../src/metrics/statistics.js"
import { fieldOf } from "./invalid.js"

const repeat = (score: number, times: number): Array<number> => Array.from({ length: times }, () => score)

/**
 * Student's t quantile as `ces` uses it, read back from the half-width of its interval (on a
 * 10-point scale, where these answers' upper bound is not clamped).
 */
const tFromCes = (df: number): number => {
  const scores = Array.from({ length: df + 1 }, (_, i) => (i % 3) + 1)
  const result = ces(scores, { scale: 10 })
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length
  const squares = scores.reduce((a, b) => a + (b - mean) ** 2, 0)
  const standardError = Math.sqrt(squares / df / scores.length)
  return (result.interval!.upper - mean) / standardError
}

describe("wilson and proportion", () => {
  it("match the textbook interval of 7 successes in 50", () => {
    const interval = wilson(7, 50)!
    expect(interval.lower).toBeCloseTo(0.069508, 6)
    expect(interval.upper).toBeCloseTo(0.261862, 6)
  })

  it("are exactly 0 below with no success and exactly 1 above with all successes", () => {
    expect(wilson(0, 20)!.lower).toBe(0)
    expect(wilson(0, 20)!.upper).toBeCloseTo(0.161125, 6)
    expect(wilson(20, 20)!.upper).toBe(1)
    expect(wilson(20, 20)!.lower).toBeCloseTo(0.838875, 6)
    expect(wilson(1, 1)).toEqual({ lower: expect.any(Number), upper: 1 })
  })

  it("have no interval and no rate without trials", () => {
    expect(wilson(0, 0)).toBeNull()
    expect(proportion(0, 0)).toEqual({ successes: 0, n: 0, rate: null, interval: null })
  })

  it("give a proportion its rate and its Wilson interval", () => {
    expect(proportion(45, 50)).toEqual({ successes: 45, n: 50, rate: 0.9, interval: wilson(45, 50) })
  })

  it("refuse counts that are not integers with 0 ≤ successes ≤ n", () => {
    expect(fieldOf(() => wilson(1, -1))).toBe("n")
    expect(fieldOf(() => wilson(1, 2.5))).toBe("n")
    expect(fieldOf(() => wilson(1, Number.NaN))).toBe("n")
    expect(fieldOf(() => wilson(3, 2))).toBe("successes")
    expect(fieldOf(() => proportion(-1, 2))).toBe("successes")
    expect(fieldOf(() => proportion(0.5, 2))).toBe("successes")
    expect(fieldOf(() => proportion("1" as unknown as number, 2))).toBe("successes")
  })

  it("always contain the share and stay within [0, 1] (property)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 1_000_000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([successes, n]) => {
          const { lower, upper } = wilson(successes, n)!
          const share = successes / n
          expect(lower).toBeGreaterThanOrEqual(0)
          expect(upper).toBeLessThanOrEqual(1)
          expect(lower).toBeLessThanOrEqual(share)
          expect(upper).toBeGreaterThanOrEqual(share)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe("csat", () => {
  it("counts the top two points of a 5-point scale as satisfied", () => {
    const result = csat([5, 4, 3, 2, 1, 5, 4, 4])
    expect(result).toEqual({
      scale: 5,
      n: 8,
      satisfied: 5,
      score: 5 / 8,
      interval: wilson(5, 8),
      surveyed: null,
      responseRate: null,
    })
  })

  it("counts the top two points on scales of 4 to 10 points, the top point only on 2 and 3", () => {
    const satisfiedAt = (scale: number) =>
      csat(
        Array.from({ length: scale }, (_, i) => i + 1),
        { scale },
      ).satisfied
    expect(satisfiedAt(2)).toBe(1)
    expect(satisfiedAt(3)).toBe(1)
    for (const scale of [4, 5, 7, 10]) expect(satisfiedAt(scale), `scale ${scale}`).toBe(2)
    expect(csat([6, 7], { scale: 7 }).satisfied).toBe(2)
    expect(csat([5], { scale: 7 }).satisfied).toBe(0)
    expect(csat([2, 3, 3], { scale: 3 }).satisfied).toBe(2)
  })

  it("has an interval reaching exactly 1 when all are satisfied and exactly 0 when none is", () => {
    const all = csat(repeat(5, 12))
    expect(all.score).toBe(1)
    expect(all.interval!.upper).toBe(1)
    const none = csat(repeat(2, 12))
    expect(none.score).toBe(0)
    expect(none.interval!.lower).toBe(0)
  })

  it("answers null without answers", () => {
    expect(csat([])).toEqual({
      scale: 5,
      n: 0,
      satisfied: 0,
      score: null,
      interval: null,
      surveyed: null,
      responseRate: null,
    })
    expect(csat([], { surveyed: 0 }).responseRate).toBeNull()
  })

  it("reads any iterable of scores", () => {
    expect(csat(new Set([5, 1])).satisfied).toBe(1)
  })

  it("gives the response rate when the number surveyed is known", () => {
    expect(csat([5, 4, 3, 5], { surveyed: 10 })).toMatchObject({ surveyed: 10, responseRate: 0.4 })
    expect(csat([5], { surveyed: 1 }).responseRate).toBe(1)
    expect(csat([], { surveyed: 8 }).responseRate).toBe(0)
  })

  it("refuses scores outside the scale, bad scales, options and surveyed counts", () => {
    expect(fieldOf(() => csat([5, 0]))).toBe("scores[1]")
    expect(fieldOf(() => csat([5, 4, 6]))).toBe("scores[2]")
    expect(fieldOf(() => csat([4.5]))).toBe("scores[0]")
    expect(fieldOf(() => csat([Number.NaN]))).toBe("scores[0]")
    expect(fieldOf(() => csat(["5"] as unknown as Array<number>))).toBe("scores[0]")
    expect(fieldOf(() => csat([null] as unknown as Array<number>))).toBe("scores[0]")
    expect(fieldOf(() => csat([8], { scale: 7 }))).toBe("scores[0]")
    expect(fieldOf(() => csat([1], { scale: 1 }))).toBe("scale")
    expect(fieldOf(() => csat([1], { scale: 11 }))).toBe("scale")
    expect(fieldOf(() => csat([1], { scale: 4.5 }))).toBe("scale")
    expect(fieldOf(() => csat([1], { scale: "5" as unknown as number }))).toBe("scale")
    expect(fieldOf(() => csat([1], null as unknown as undefined))).toBe("options")
    expect(fieldOf(() => csat([1], 5 as unknown as undefined))).toBe("options")
    expect(fieldOf(() => csat(5 as unknown as Array<number>))).toBe("scores")
    expect(fieldOf(() => csat(null as unknown as Array<number>))).toBe("scores")
    expect(fieldOf(() => csat("55" as unknown as Array<number>))).toBe("scores")
    expect(fieldOf(() => csat([5, 5], { surveyed: 1 }))).toBe("surveyed")
    expect(fieldOf(() => csat([5], { surveyed: 1.5 }))).toBe("surveyed")
    expect(fieldOf(() => csat([5], { surveyed: -1 }))).toBe("surveyed")
  })

  it("names the allowed range in the message", () => {
    expect(() => csat([5, 4, 9], { scale: 7 })).toThrow(
      "scores[2]: must be an integer from 1 to 7, received 9",
    )
  })
})

describe("nps", () => {
  it("matches the adjusted-Wald interval of 50 promoters and 20 detractors in 100", () => {
    const result = nps([...repeat(10, 50), ...repeat(3, 20), ...repeat(8, 30)])
    expect(result).toMatchObject({ n: 100, promoters: 50, passives: 30, detractors: 20, score: 30 })
    expect(result.interval!.lower).toBeCloseTo(14.05, 2)
    expect(result.interval!.upper).toBeCloseTo(44.2, 2)
  })

  it("sorts 9–10 as promoters, 7–8 as passives and 0–6 as detractors", () => {
    const result = nps([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(result).toMatchObject({ promoters: 2, passives: 2, detractors: 7 })
    expect(result.score).toBe((100 * (2 - 7)) / 11)
  })

  it("handles unanimous promoters and unanimous detractors", () => {
    const promoters = nps(repeat(10, 40))
    expect(promoters.score).toBe(100)
    expect(promoters.interval!.upper).toBeLessThanOrEqual(100)
    expect(promoters.interval!.lower).toBeGreaterThan(80)
    const detractors = nps(repeat(0, 40))
    expect(detractors.score).toBe(-100)
    expect(detractors.interval!.lower).toBeGreaterThanOrEqual(-100)
    expect(detractors.interval!.upper).toBeLessThan(-80)
    expect(detractors.interval!.lower).toBe(-promoters.interval!.upper)
  })

  it("answers null without answers", () => {
    expect(nps([])).toEqual({
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      score: null,
      interval: null,
      surveyed: null,
      responseRate: null,
    })
  })

  it("gives the response rate when the number surveyed is known", () => {
    expect(nps([10, 0], { surveyed: 8 })).toMatchObject({ score: 0, surveyed: 8, responseRate: 0.25 })
  })

  it("refuses scores outside 0–10, bad options and surveyed counts", () => {
    expect(fieldOf(() => nps([10, 11]))).toBe("scores[1]")
    expect(fieldOf(() => nps([-1]))).toBe("scores[0]")
    expect(fieldOf(() => nps([9.5]))).toBe("scores[0]")
    expect(fieldOf(() => nps([Number.POSITIVE_INFINITY]))).toBe("scores[0]")
    expect(fieldOf(() => nps({} as unknown as Array<number>))).toBe("scores")
    expect(fieldOf(() => nps([1], [] as unknown as undefined))).toBe("options")
    expect(fieldOf(() => nps([1, 2, 3], { surveyed: 2 }))).toBe("surveyed")
    expect(() => nps([12])).toThrow("scores[0]: must be an integer from 0 to 10, received 12")
  })

  it("has an interval within [−100, 100] (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 300 }), (scores) => {
        const { score, interval } = nps(scores)
        expect(interval!.lower).toBeGreaterThanOrEqual(-100)
        expect(interval!.upper).toBeLessThanOrEqual(100)
        expect(interval!.lower).toBeLessThanOrEqual(interval!.upper)
        expect(score!).toBeGreaterThanOrEqual(-100)
        expect(score!).toBeLessThanOrEqual(100)
      }),
      { numRuns: 300 },
    )
  })
})

describe("ces", () => {
  it("gives the mean and its Student-t interval, clamped to the scale", () => {
    const result = ces([5, 6, 7, 4, 6])
    expect(result.mean).toBe(5.6)
    // 5.6 ± t(0.975, 4) · s / √5, with s = 1.140175…: [4.184285, 7.015715], and 7 is the top of the scale.
    const half = (2.7764451051977987 * Math.sqrt(1.3)) / Math.sqrt(5)
    expect(result.interval!.lower).toBeCloseTo(5.6 - half, 12)
    expect(result.interval!.lower).toBeCloseTo(4.184285, 6)
    expect(5.6 + half).toBeCloseTo(7.015715, 6)
    expect(result.interval!.upper).toBe(7)
    expect(ces([5, 6, 7, 4, 6], { scale: 10 }).interval!.upper).toBeCloseTo(7.015715, 6)
    expect(result.agreeShare).toBe(0.8)
  })

  it("keeps the interval inside the scale: [1, 7, 7] is not {−3.61, 13.61}", () => {
    expect(ces([1, 7, 7]).interval).toEqual({ lower: 1, upper: 7 })
    expect(ces([1, 2], { scale: 2 }).interval).toEqual({ lower: 1, upper: 2 })
    expect(ces([1, 1, 1, 2]).interval!.lower).toBe(1)
  })

  it("uses Student's t quantile (0.975) of the published tables", () => {
    expect(tFromCes(1)).toBeCloseTo(12.706205, 6)
    expect(tFromCes(4)).toBeCloseTo(2.776445, 6)
    expect(tFromCes(9)).toBeCloseTo(2.262157, 6)
    expect(tFromCes(29)).toBeCloseTo(2.04523, 6)
    expect(tFromCes(1000)).toBeCloseTo(1.962339, 6)
    expect(tFromCes(999)).toBeCloseTo(1.962341, 6)
    expect(tFromCes(100_000)).toBeCloseTo(1.959988, 6)
  })

  it("has no interval below two answers and a point interval when all answers agree", () => {
    expect(ces([6])).toMatchObject({ n: 1, mean: 6, interval: null, agreeShare: 1 })
    expect(ces([3, 3, 3]).interval).toEqual({ lower: 3, upper: 3 })
  })

  it("answers null without answers", () => {
    expect(ces([])).toEqual({
      scale: 7,
      n: 0,
      mean: null,
      interval: null,
      agreeShare: null,
      surveyed: null,
      responseRate: null,
    })
  })

  it("counts the top three points as agreeing from 5 points up, the top point only below", () => {
    const agreeingAt = (scale: number) =>
      ces(
        Array.from({ length: scale }, (_, i) => i + 1),
        { scale },
      ).agreeShare! * scale
    expect(agreeingAt(7)).toBeCloseTo(3, 12)
    expect(agreeingAt(5)).toBeCloseTo(3, 12)
    expect(agreeingAt(10)).toBeCloseTo(3, 12)
    expect(agreeingAt(4)).toBeCloseTo(1, 12)
    expect(agreeingAt(2)).toBeCloseTo(1, 12)
    expect(ces([5, 4], { scale: 7 }).agreeShare).toBe(0.5)
  })

  it("gives the response rate when the number surveyed is known", () => {
    expect(ces([7, 7], { surveyed: 4 })).toMatchObject({ surveyed: 4, responseRate: 0.5 })
  })

  it("refuses scores outside the scale, bad scales, options and surveyed counts", () => {
    expect(fieldOf(() => ces([7, 8]))).toBe("scores[1]")
    expect(fieldOf(() => ces([0]))).toBe("scores[0]")
    expect(fieldOf(() => ces([6], { scale: 5 }))).toBe("scores[0]")
    expect(fieldOf(() => ces([1], { scale: 0 }))).toBe("scale")
    expect(fieldOf(() => ces([1], "7" as unknown as undefined))).toBe("options")
    expect(fieldOf(() => ces(undefined as unknown as Array<number>))).toBe("scores")
    expect(fieldOf(() => ces([1], { surveyed: Number.NaN }))).toBe("surveyed")
  })

  it("never returns NaN, keeps the mean inside its interval and the interval inside the scale (property)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 10 })
          .chain((scale) =>
            fc.tuple(fc.constant(scale), fc.array(fc.integer({ min: 1, max: scale }), { maxLength: 200 })),
          ),
        ([scale, scores]) => {
          const result = ces(scores, { scale })
          for (const value of Object.values(result)) expect(Number.isNaN(value)).toBe(false)
          if (result.interval !== null) {
            expect(result.interval.lower).toBeGreaterThanOrEqual(1)
            expect(result.interval.upper).toBeLessThanOrEqual(scale)
            expect(result.interval.lower).toBeLessThanOrEqual(result.mean!)
            expect(result.interval.upper).toBeGreaterThanOrEqual(result.mean!)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
