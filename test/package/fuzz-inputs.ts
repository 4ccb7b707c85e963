// Inputs for the fuzz test: arbitrary JSON-ish values (and the values JSON cannot hold: BigInt,
// Symbol, NaN, ±Infinity, -0, Invalid Dates, functions), and valid inputs with one field
// replaced, removed or given an extra key, so that the fuzz gets past the first check and into
// the code behind it.
import fc from "fast-check"

/** `[1]` nested `depth` times in alternating arrays and objects. */
export const deep = (depth: number): unknown => {
  let v: unknown = [1]
  for (let k = 0; k < depth; k++) v = k % 2 === 0 ? [v] : { a: v }
  return v
}

/** A `when` condition nested `depth` times through `not`, `all` and `any`. */
export const deepWhen = (depth: number): unknown => {
  let w: unknown = { priority: ["urgent"] }
  for (let k = 0; k < depth; k++) w = k % 3 === 0 ? { not: w } : k % 3 === 1 ? { all: [w] } : { any: [{}, w] }
  return w
}

/** Edges of the library's range of instants (1900–2399 UTC) and of what a `Date` holds. */
export const instantEdges: ReadonlyArray<number> = [
  Date.UTC(1900, 0, 1),
  Date.UTC(1900, 0, 1) - 1,
  Date.UTC(2400, 0, 1),
  Date.UTC(2400, 0, 1) - 1,
  Date.UTC(3000, 0, 1),
  Date.UTC(40755, 0, 1),
  -4674312426429520,
  8.64e15,
  -8.64e15,
  Date.UTC(2025, 5, 7, 12) + 0.5,
  Date.UTC(2025, 5, 7, 12),
]

/** Zones a mutated calendar may name (warmed before the timed calls: see the test). */
export const zones: ReadonlyArray<string> = ["Europe/Rome", "UTC", "America/New_York", "Pacific/Chatham"]

/** `value`, shown as `name` in a counterexample (printing 5,000 levels would overflow the stack). */
const named = <A extends object>(value: A, name: string): A =>
  Object.defineProperty(value, fc.toStringMethod, { value: () => name })

const specials: ReadonlyArray<unknown> = [
  null,
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e16,
  -1e16,
  1e21,
  1e-9,
  0.5,
  -0,
  0,
  -1,
  2 ** 53,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  "",
  "x".repeat(500),
  "PT1H",
  "P3D",
  "-PT15M",
  "PT0.0001S",
  "P99999999999999999999W",
  "P1Y",
  "09:00-18:00",
  "22:00-06:00",
  "2025-06-03",
  "2025-06-03T09:30:00.000Z",
  "9999-12-31T23:59:59Z",
  "__proto__",
  "constructor",
  ...zones,
  "email",
  "urgent",
  "solved",
  "TicketOpened",
  "csat",
  12345678901234567890n,
  1n,
  Symbol("s"),
  Symbol.iterator,
  true,
  false,
  [],
  [null],
  {},
  Object.create(null),
  new Date(Number.NaN),
  new Date(0),
  new Date(-4674312426429520),
  ...instantEdges,
  ...instantEdges.map((t) => new Date(t)),
  () => 1,
  named(deep(5_000) as object, "deep(5000)"),
  named(deepWhen(5_000) as object, "deepWhen(5000)"),
  deepWhen(40),
  new Map([["a", 1]]),
  new Set([1]),
  // biome-ignore lint/suspicious/noSparseArray: a sparse array is one of the inputs tried
  [, 1],
]

/** Anything: a special value, or a value fast-check makes (JSON-ish and beyond). */
export const weird: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...specials) },
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withMap: true,
      withSet: true,
      withBoxedValues: true,
    }),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 20 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2410, 0, 1) })
      .chain((t) => fc.constantFrom<unknown>(t, new Date(t))),
  },
)

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype

/** Every path to a value inside `v` (Dates and class instances are leaves). */
const pathsOf = (
  v: unknown,
  at: ReadonlyArray<string | number> = [],
  out: Array<Array<string | number>> = [],
) => {
  out.push([...at])
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) pathsOf(v[i], [...at, i], out)
  else if (isPlain(v)) for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out)
  return out
}

const cloneOf = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(cloneOf)
    : isPlain(v)
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneOf(x)]))
      : v

/** `valid` with the value at one of its paths replaced by a weird one, removed, or given an extra key. */
export const mutationOf = (valid: unknown): fc.Arbitrary<unknown> => {
  const paths = pathsOf(valid)
  return fc
    .tuple(
      fc.nat({ max: paths.length - 1 }),
      weird,
      fc.constantFrom("replace", "replace", "replace", "remove", "extra"),
    )
    .map(([p, value, how]) => {
      const path = paths[p]!
      if (path.length === 0) return how === "replace" ? value : cloneOf(valid)
      const copy = cloneOf(valid)
      let parent = copy as Record<string | number, unknown>
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>
      const last = path[path.length - 1]!
      if (how === "replace") parent[last] = value
      else if (how === "remove") {
        if (Array.isArray(parent)) parent.splice(last as number, 1)
        else delete parent[last]
      } else if (isPlain(parent[last])) (parent[last] as Record<string, unknown>).unexpected = value
      else parent[last] = value
      return copy
    })
}

/** Mostly a mutation of `valid` (sometimes `valid` itself), sometimes anything at all. */
export const anyOr = (valid: unknown): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 1, arbitrary: weird },
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 4, arbitrary: mutationOf(valid) },
  )
