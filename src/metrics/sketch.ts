/**
 * A mergeable quantile sketch for durations, after DDSketch (Masson, Rim & Lee, VLDB 2019): a
 * value x > 0 is counted in bin k = ⌈log_γ x⌉ with γ = (1 + α) / (1 − α), so each bin spans
 * values within a relative error α of its representative 2γᵏ / (γ + 1). Bin counts are integers,
 * so merging shards adds them exactly, in any order, and memory grows with the log of the value
 * range, not with the count (milliseconds from 1 to 10 years is about 1 300 bins at α = 1 %).
 *
 * Written here rather than taken from @datadog/sketches-js: the sketch itself is some 150 lines
 * (the rest is validation and docs), adds no runtime dependency, and has a JSON form we control
 * and validate field by field, where that package's serialisation is protobuf.
 */
import { isRecord, keyPath, describe as received } from "./describe.js"
import { InvalidMetrics } from "./errors.js"

/** Values below this count as 0: their bins would reach far below any duration worth ranking. */
const SMALLEST = 1e-9
const INITIAL_BINS = 128
/** The largest count a 32-bit bin holds. */
const MAX_UINT32 = 0xffff_ffff
/** Bin counts: 32-bit until one passes 2³² − 1, then doubles (exact to 2⁵³). */
type Bins = Uint32Array | Float64Array

/**
 * The bin ⌈ln(value) · multiplier⌉ of a value ≥ SMALLEST, exactly as `Math.ceil(Math.log(value) *
 * multiplier)` gives it, mostly without calling `Math.log` (a call out of compiled code, some ten
 * per ticket in an accumulator). log₂ of the value is read from its bits: the exponent, plus
 * log₂(1 + mantissa) interpolated in a table of 257 entries from the mantissa's top 20 bits. That
 * estimate lies below the true log₂ by at most 1.4e-6 (the dropped mantissa bits) + 2.8e-6 (the
 * chord under a concave curve), never above; so the exact ⌈ln(value) · multiplier⌉ lies in
 * [⌈estimate − ε⌉, ⌈estimate + `width`⌉], and when both ends agree it is that bin. Otherwise (for
 * a share of about `width` of the values: 0.02 % at α = 1 %) `Math.log` decides.
 * @internal
 */
export const binOf = (value: number, multiplier: number, scale: number, width: number): number => {
  BITS[0] = value
  const high = WORDS[HIGH_WORD]!
  const mantissa = high & 0xfffff
  const i = mantissa >>> 12
  const below = LOG2[i]!
  const estimate =
    ((high >>> 20) - 1023 + below + (LOG2[i + 1]! - below) * ((mantissa & 0xfff) / 4096)) * scale
  const bin = Math.ceil(estimate + width)
  return Math.ceil(estimate - SLACK) === bin ? bin : Math.ceil(Math.log(value) * multiplier)
}
/**
 * The `scale` (ln 2 × multiplier) and `width` of the estimate's window that {@link binOf} takes
 * for `multiplier`.
 * @internal
 */
export const binWindow = (multiplier: number): { readonly scale: number; readonly width: number } => {
  const scale = Math.LN2 * multiplier
  return { scale, width: LOG2_ERROR * scale + SLACK }
}
/** How far below log₂ the estimate of `binOf` may lie (4.2e-6 proven; kept with a margin). */
const LOG2_ERROR = 5e-6
/** Room for rounding in the products (far above it: `Math.log` is within an ulp, some 1e-14 here). */
const SLACK = 1e-6
/** log₂(1 + i / 256), i = 0 … 256. */
const LOG2 = Float64Array.from({ length: 257 }, (_, i) => Math.log2(1 + i / 256))
const BITS = new Float64Array(1)
const WORDS = new Uint32Array(BITS.buffer)
/** The index in `WORDS` of the word holding the sign, exponent and top 20 mantissa bits. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

/**
 * The JSON form of a {@link QuantileSketch}: plain numbers, every count an integer; `bins[i]`
 * counts the values of bin `offset + i`, trimmed of empty bins at both ends (`offset` is 0 when
 * no bin is used); `zeroCount` counts the zeros (values below 1e-9); `min` and `max` are `null`
 * for an empty sketch.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const json: Metrics.SketchJSON = new Metrics.QuantileSketch().add(0).toJSON()
 * json // => { relativeAccuracy: 0.01, count: 1, sum: 0, min: 0, max: 0, zeroCount: 1, offset: 0, bins: [] }
 * ```
 * @since 0.1.0
 * @category Sketches
 */
export interface SketchJSON {
  readonly relativeAccuracy: number
  readonly count: number
  readonly sum: number
  readonly min: number | null
  readonly max: number | null
  readonly zeroCount: number
  readonly offset: number
  readonly bins: ReadonlyArray<number>
}

/**
 * Options of a {@link QuantileSketch}: the `relativeAccuracy` α of its quantiles, from 0.0001 to
 * below 1 (default 0.01). The bins span the log of the value range in steps of about 2α, so a
 * smaller α costs proportionally more memory.
 *
 * @example
 * ```ts
 * import type { Metrics } from "servicekit"
 * const options: Metrics.QuantileSketchOptions = { relativeAccuracy: 0.005 }
 * ```
 * @since 0.1.0
 * @category Sketches
 */
export interface QuantileSketchOptions {
  readonly relativeAccuracy?: number
}

/**
 * A mergeable, deterministic, JSON-serialisable quantile sketch of non-negative values
 * (durations in milliseconds). Each quantile is within a relative error α (default 1 %) of the
 * exact value of the same rank. The rank is the nearest rank: for `count` values sorted
 * ascending, `quantile(q)` estimates the ⌈q · count⌉-th (1-based, at least the first), the
 * smallest value with at least a share q of the values at or below it, so that "90 % of first
 * replies within p90" holds (the median of two values is the lower one, their p90 the higher).
 * `quantile(0)` is exactly `min` and `quantile(1)` exactly `max`. Bin counts, `count`, `min` and `max` merge
 * exactly; so does `sum` while the values are integers (below 2⁵³ in total); a sum of fractions
 * may differ in its last bits from one merge order to another.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * const sketch = new Metrics.QuantileSketch()
 * for (const ms of [120, 340, 560, 1_000, 86_400_000]) sketch.add(ms)
 * sketch.count // => 5
 * sketch.quantile(0) // => 120
 * sketch.quantile(1) // => 86_400_000
 * Math.abs(sketch.quantile(0.5)! - 560) <= 0.01 * 560 // => true
 * new Metrics.QuantileSketch().quantile(0.5) // => null
 * ```
 * @since 0.1.0
 * @category Sketches
 */
export class QuantileSketch {
  /** The relative accuracy α of the quantiles. */
  readonly relativeAccuracy: number
  readonly #gamma: number
  /** 1 / ln γ, so that `add` multiplies instead of dividing. */
  readonly #multiplier: number
  /** ln 2 / ln γ and the width of the estimate's window (see `binOf`). */
  readonly #scale: number
  readonly #width: number
  /**
   * `#bins[i]` counts bin `#offset + i`; grown geometrically, so it may hold empty ends. 32-bit
   * counts, half the memory of doubles (an accumulator keeps ten sketches per group, and the bins
   * that take a ticket's values are then likelier in cache), widened to doubles in the rare sketch
   * where a bin passes 2³² − 1.
   */
  #bins: Bins = new Uint32Array(0)
  #offset = 0
  #zeroCount = 0
  #count = 0
  #sum = 0
  #min = Number.POSITIVE_INFINITY
  #max = Number.NEGATIVE_INFINITY

  constructor(options?: QuantileSketchOptions) {
    if (options !== undefined && !isRecord(options))
      throw new InvalidMetrics({ field: "options", reason: "must be { relativeAccuracy? }" })
    if (options !== undefined)
      for (const key of Object.keys(options))
        if (key !== "relativeAccuracy")
          throw new InvalidMetrics({ field: `options.${key}`, reason: "is not an option (relativeAccuracy)" })
    const alpha = options?.relativeAccuracy ?? 0.01
    if (typeof alpha !== "number" || !(alpha >= 0.0001 && alpha < 1))
      throw new InvalidMetrics({
        field: "relativeAccuracy",
        reason: `must be a number from 0.0001 to below 1, received ${received(alpha)}`,
      })
    this.relativeAccuracy = alpha
    this.#gamma = (1 + alpha) / (1 - alpha)
    this.#multiplier = 1 / Math.log(this.#gamma)
    const window = binWindow(this.#multiplier)
    this.#scale = window.scale
    this.#width = window.width
  }

  /** How many values were added. */
  get count(): number {
    return this.#count
  }

  /** The sum of the values added (0 when empty). */
  get sum(): number {
    return this.#sum
  }

  /** The smallest value added, `null` when empty. */
  get min(): number | null {
    return this.#count === 0 ? null : this.#min
  }

  /** The largest value added, `null` when empty. */
  get max(): number | null {
    return this.#count === 0 ? null : this.#max
  }

  /** The mean of the values added, `null` when empty. */
  get mean(): number | null {
    return this.#count === 0 ? null : this.#sum / this.#count
  }

  /**
   * Adds `value` (finite, ≥ 0) `count` times (a positive integer, default 1); returns the sketch.
   * Throws `InvalidMetrics` naming `value` or `count` otherwise.
   */
  add(value: number, count = 1): this {
    if (typeof value !== "number" || !(value >= 0 && value < Number.POSITIVE_INFINITY))
      throw new InvalidMetrics({
        field: "value",
        reason: `must be a finite number ≥ 0, received ${received(value)}`,
      })
    if (count !== 1 && !(Number.isSafeInteger(count) && count > 0))
      throw new InvalidMetrics({
        field: "count",
        reason: `must be a positive integer, received ${received(count)}`,
      })
    this.#put(value, count)
    return this
  }

  /**
   * `add(value)` for a value the caller has checked (finite, ≥ 0): the accumulator's path, which
   * adds some ten durations per ticket.
   * @internal
   */
  addChecked(value: number): void {
    this.#put(value, 1)
  }

  /** Counts `value` (checked: finite, ≥ 0) `count` times. */
  #put(value: number, count: number): void {
    const sum = this.#sum + value * count
    if (sum === Number.POSITIVE_INFINITY)
      throw new InvalidMetrics({ field: "value", reason: "makes the sum overflow" })
    if (value < SMALLEST) {
      this.#zeroCount += count
      value += 0 // −0 becomes 0, so that `min` serialises as it compares
    } else {
      const k = this.#index(value)
      let i = k - this.#offset
      if (i < 0 || i >= this.#bins.length) i = this.#grow(k)
      const n = this.#bins[i]! + count
      if (n > MAX_UINT32) this.#widen()
      this.#bins[i] = n
    }
    this.#count += count
    this.#sum = sum
    if (value < this.#min) this.#min = value
    if (value > this.#max) this.#max = value
  }

  /**
   * Adds every value of `other` (a sketch of the same relative accuracy) to this one, exactly as
   * if they had been added here; returns this sketch. `other` is unchanged.
   */
  merge(other: QuantileSketch): this {
    if (!(other instanceof QuantileSketch))
      throw new InvalidMetrics({ field: "other", reason: "must be a QuantileSketch" })
    if (other.relativeAccuracy !== this.relativeAccuracy)
      throw new InvalidMetrics({
        field: "relativeAccuracy",
        reason: `sketches of relative accuracy ${other.relativeAccuracy} and ${this.relativeAccuracy} do not merge`,
      })
    if (other.#count === 0) return this
    const sum = this.#sum + other.#sum
    if (sum === Number.POSITIVE_INFINITY)
      throw new InvalidMetrics({ field: "other", reason: "makes the sum overflow" })
    const theirs = other.#bins
    const [first, last] = usedRange(theirs)
    if (first <= last) {
      const low = other.#offset + first
      const high = other.#offset + last
      // An empty array has no place yet: anchor it at `low`, then widen it to `high`.
      if (this.#bins.length === 0 || low < this.#offset) this.#grow(low)
      if (high >= this.#offset + this.#bins.length) this.#grow(high)
      let mine = this.#bins
      const shift = other.#offset - this.#offset
      for (let i = first; i <= last; i++) {
        const n = mine[i + shift]! + theirs[i]!
        if (n > MAX_UINT32 && mine instanceof Uint32Array) mine = this.#widen()
        mine[i + shift] = n
      }
    }
    this.#zeroCount += other.#zeroCount
    this.#count += other.#count
    this.#sum = sum
    if (other.#min < this.#min) this.#min = other.#min
    if (other.#max > this.#max) this.#max = other.#max
    return this
  }

  /**
   * The ⌈q · count⌉-th smallest value (the nearest rank; at least the first), within the relative
   * accuracy; `quantile(0)` is `min`, `quantile(1)` is `max`, and an empty sketch answers `null`.
   * A product q · count within 1e-12 of an integer counts as that integer (0.07 × 100 is
   * 7.000000000000001 in binary, and p7 of 100 values is the 7th).
   * Throws `InvalidMetrics` naming `q` unless 0 ≤ q ≤ 1.
   */
  quantile(q: number): number | null {
    if (typeof q !== "number" || !(q >= 0 && q <= 1))
      throw new InvalidMetrics({
        field: "q",
        reason: `must be a number from 0 to 1, received ${received(q)}`,
      })
    if (this.#count === 0) return null
    if (q === 0) return this.#min
    if (q === 1) return this.#max
    const rank = rankOf(q, this.#count)
    // The zero bin's representative is 0, which the clamp to [min, max] turns into min.
    let seen = this.#zeroCount
    if (seen > rank) return this.#min
    const bins = this.#bins
    for (let i = 0; i < bins.length; i++) {
      seen += bins[i]!
      if (seen > rank) {
        const value = (2 * this.#gamma ** (i + this.#offset)) / (this.#gamma + 1)
        return Math.min(this.#max, Math.max(this.#min, value))
      }
    }
    return this.#max
  }

  /** The sketch as plain JSON: equal sketches give deep-equal JSON, whatever their history. */
  toJSON(): SketchJSON {
    const [first, last] = usedRange(this.#bins)
    const empty = this.#count === 0
    return {
      relativeAccuracy: this.relativeAccuracy,
      count: this.#count,
      sum: this.#sum,
      min: empty ? null : this.#min,
      max: empty ? null : this.#max,
      zeroCount: this.#zeroCount,
      offset: first <= last ? this.#offset + first : 0,
      bins: Array.from(this.#bins.subarray(first, last + 1)),
    }
  }

  /**
   * Restores a sketch from its {@link SketchJSON} (e.g. after `JSON.parse`), checking every
   * field: a malformed one throws `InvalidMetrics` naming it (`count`, `bins[3]` …).
   */
  static fromJSON(json: unknown): QuantileSketch {
    if (!isRecord(json))
      throw new InvalidMetrics({ field: "sketch", reason: "must be an object as made by toJSON" })
    const j = json as Record<string, unknown>
    for (const key of Object.keys(j))
      if (!JSON_KEYS.includes(key))
        throw new InvalidMetrics({ field: keyPath("", key), reason: "is not a known key" })
    if (typeof j.relativeAccuracy !== "number")
      throw new InvalidMetrics({
        field: "relativeAccuracy",
        reason: `must be a number, received ${received(j.relativeAccuracy)}`,
      })
    const sketch = new QuantileSketch({ relativeAccuracy: j.relativeAccuracy })
    const count = integer(j.count, "count")
    const zeroCount = integer(j.zeroCount, "zeroCount")
    if (typeof j.offset !== "number" || !Number.isSafeInteger(j.offset))
      throw new InvalidMetrics({
        field: "offset",
        reason: `must be an integer, received ${received(j.offset)}`,
      })
    const offset = j.offset
    if (!Array.isArray(j.bins))
      throw new InvalidMetrics({
        field: "bins",
        reason: `must be an array of counts, received ${received(j.bins)}`,
      })
    const counts = Array.from(j.bins as ReadonlyArray<unknown>, (n, i) => integer(n, `bins[${i}]`))
    const bins: Bins = counts.every((n) => n <= MAX_UINT32)
      ? Uint32Array.from(counts)
      : Float64Array.from(counts)
    const [first, last] = usedRange(bins)
    if (first <= last) {
      // Bins past those of the smallest and largest finite values would make merges allocate wildly.
      if (offset + first < sketch.#index(SMALLEST))
        throw new InvalidMetrics({
          field: "offset",
          reason: "lies below the bin of the smallest value (1e-9)",
        })
      if (offset + last > sketch.#index(Number.MAX_VALUE))
        throw new InvalidMetrics({ field: "bins", reason: "reach past the bin of the largest finite number" })
    }
    let total = zeroCount
    for (const n of bins) total += n
    if (total !== count)
      throw new InvalidMetrics({
        field: "count",
        reason: `must be zeroCount plus the bins' counts (${total})`,
      })
    if (
      typeof j.sum !== "number" ||
      !(j.sum >= 0 && j.sum < Number.POSITIVE_INFINITY) ||
      (count === 0 && j.sum !== 0)
    )
      throw new InvalidMetrics({
        field: "sum",
        reason: `must be a finite number ≥ 0 (0 for an empty sketch), received ${received(j.sum)}`,
      })
    if (count === 0) {
      if (j.min !== null)
        throw new InvalidMetrics({ field: "min", reason: "must be null for an empty sketch" })
      if (j.max !== null)
        throw new InvalidMetrics({ field: "max", reason: "must be null for an empty sketch" })
    } else {
      const min = sketch.#boundary(j.min, "min", zeroCount > 0 ? null : offset + first)
      const max = sketch.#boundary(j.max, "max", first <= last ? offset + last : null)
      if (min > max) throw new InvalidMetrics({ field: "max", reason: `must be at least min (${min})` })
      // Every value lies in [min, max], so the sum lies in [count × min, count × max], up to the
      // rounding of a sum of `count` terms (in any order): a relative count × ε.
      const slack = Math.max(count * Number.EPSILON, 1e-12)
      const sum = j.sum as number
      if (!(sum >= count * min * (1 - slack) && sum <= count * max * (1 + slack)))
        throw new InvalidMetrics({
          field: "sum",
          reason: `${sum} does not fit ${count} values from min ${min} to max ${max} (a mean outside [min, max])`,
        })
      sketch.#min = min
      sketch.#max = max
    }
    if (first <= last) {
      sketch.#bins = bins.slice(first, last + 1)
      sketch.#offset = offset + first
    }
    sketch.#zeroCount = zeroCount
    sketch.#count = count
    sketch.#sum = j.sum + 0 // −0 becomes 0, as `add` keeps it
    return sketch
  }

  /** The bin of a value ≥ SMALLEST. */
  #index(value: number): number {
    return binOf(value, this.#multiplier, this.#scale, this.#width)
  }

  /**
   * Checks that `min` or `max` lies in the bin the counts say it does (`null`: the zero bin),
   * allowing one bin either way for a last-bit difference of `Math.log` between engines.
   */
  #boundary(value: unknown, field: string, bin: number | null): number {
    if (typeof value !== "number" || !(value >= 0 && value < Number.POSITIVE_INFINITY))
      throw new InvalidMetrics({ field, reason: `must be a finite number ≥ 0, received ${received(value)}` })
    const fits =
      bin === null ? value < SMALLEST : value >= SMALLEST && Math.abs(this.#index(value) - bin) <= 1
    if (!fits) throw new InvalidMetrics({ field, reason: `${value} does not lie in the bins' range` })
    return value + 0 // −0 becomes 0
  }

  /** Makes the bins doubles (a count passes 2³² − 1); returns them. */
  #widen(): Float64Array {
    const wide = Float64Array.from(this.#bins)
    this.#bins = wide
    return wide
  }

  /** Makes room for bin `k` (at least doubling the array); returns its index in `#bins`. */
  #grow(k: number): number {
    const length = this.#bins.length
    if (length === 0) {
      this.#bins = new Uint32Array(INITIAL_BINS)
      this.#offset = k - INITIAL_BINS / 2
      return INITIAL_BINS / 2
    }
    const low = Math.min(k, this.#offset)
    const high = Math.max(k, this.#offset + length - 1)
    const size = Math.max(high - low + 1, 2 * length)
    // The slack goes on the side that grew, where the next values are likely to land.
    const offset = k < this.#offset ? high - size + 1 : low
    const bins = this.#bins instanceof Uint32Array ? new Uint32Array(size) : new Float64Array(size)
    bins.set(this.#bins, this.#offset - offset)
    this.#bins = bins
    this.#offset = offset
    return k - offset
  }
}

const JSON_KEYS: ReadonlyArray<string> = [
  "relativeAccuracy",
  "count",
  "sum",
  "min",
  "max",
  "zeroCount",
  "offset",
  "bins",
]

/** The 0-based nearest rank of `q` (0 < q < 1) among `count` values: ⌈q · count⌉ − 1, at least 0. */
const rankOf = (q: number, count: number): number => {
  const position = q * count
  const nearest = Math.round(position)
  return Math.max(1, Math.abs(position - nearest) <= 1e-12 * position ? nearest : Math.ceil(position)) - 1
}

/** The first and last non-empty bins (first > last when all are empty). */
const usedRange = (bins: Bins): readonly [number, number] => {
  let first = 0
  let last = bins.length - 1
  while (first <= last && bins[first] === 0) first++
  while (last >= first && bins[last] === 0) last--
  return [first, last]
}

const integer = (value: unknown, field: string): number => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new InvalidMetrics({ field, reason: `must be a non-negative integer, received ${received(value)}` })
  return value + 0 // −0 becomes 0
}
