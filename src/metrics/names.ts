// Internal: the names and lists of names that ticket measures hold, one shared object each.
// A decoded measure then holds the same strings and the same (frozen) lists as every other: the
// accumulator checks a shared list once, counts it by its names' numbers, and reads it from the
// cache instead of from the measure's own memory — the difference between about 0.6 and 1 µs per
// measure with SLA and follow-up outcomes when this was written.
import { taskKinds } from "../followup/plan.js"
import * as Sla from "../sla/index.js"
import { channels, priorities, surveyKinds } from "../ticket/index.js"

/** The empty list of names every measure shares. */
export const NO_NAMES: ReadonlyArray<never> = Object.freeze([])

/**
 * The names kept, each numbered 0, 1, 2, … in the order met: the one string object a measure
 * holds for it (see {@link canonical}), and what tallies index their SLA and follow-up counts by
 * (see `Pairs` in tally.ts).
 */
const NAMES: Array<string> = [
  ...new Set<string>([...channels, ...priorities, ...surveyKinds, ...taskKinds, ...Sla.builtinMetrics]),
]
const NUMBERS = new Map<string, number>(NAMES.map((n, k) => [n, k]))
/** Custom SLA metric names kept at most (beyond, a name is used as it comes and has no number). */
const MAX_NAMES = NAMES.length + 1_000

/**
 * The number of `name`, keeping the name when there is room; -1 when the bound of names kept was
 * reached first. A name has a number from the first time it is asked for, or never.
 */
export const nameNumber = (name: string): number => {
  const known = NUMBERS.get(name)
  if (known !== undefined) return known
  if (NAMES.length >= MAX_NAMES) return -1
  NUMBERS.set(name, NAMES.length)
  NAMES.push(name)
  return NAMES.length - 1
}

/** The name numbered `n` (see {@link nameNumber}). */
export const nameOfNumber = (n: number): string => NAMES[n]!

/** The one string object for `name` (channels, priorities, kinds, SLA metrics), kept when there is room. */
export const canonical = <A extends string>(name: A): A => {
  const n = nameNumber(name)
  return n < 0 ? name : (NAMES[n] as A)
}

/** What a list of names may hold: SLA metric names, follow-up task kinds, survey kinds. */
export type ListKind = "metric" | "task" | "survey"

/**
 * The lists made by {@link sharedList} of one kind: each holds only names of that kind. A shared
 * list carries its number under {@link LIST_NUMBER}; the number counts only when `lists` holds
 * that very list there, so a number copied onto another array proves nothing.
 */
interface Registry {
  /** By their names joined with NUL. */
  readonly byKey: Map<string, ReadonlyArray<string>>
  /** By number. */
  readonly lists: Array<ReadonlyArray<string>>
  /** The numbers of each list's names (see {@link nameNumber}); `undefined` when one has none. */
  readonly numbers: Array<ReadonlyArray<number> | undefined>
}
const registry = (): Registry => ({ byKey: new Map(), lists: [], numbers: [] })
const REGISTRIES: Readonly<Record<ListKind, Registry>> = {
  metric: registry(),
  task: registry(),
  survey: registry(),
}
/** `REGISTRIES[kind]`, by comparison: a read keyed by a string that varies costs more than the rest of a check. */
const registryOf = (kind: ListKind): Registry =>
  kind === "metric" ? REGISTRIES.metric : kind === "task" ? REGISTRIES.task : REGISTRIES.survey
/** The key of a shared list's number: a symbol, so JSON, spreads and `Object.keys` never see it. */
const LIST_NUMBER: unique symbol = Symbol("servicekit/metrics shared list number")
/** Distinct lists kept per kind at most (beyond, a list is frozen but not shared). */
const MAX_LISTS = 10_000

/**
 * The one frozen list holding `names` (already checked to be names of `kind`), in their order.
 */
export const sharedList = <A extends string>(
  kind: ListKind,
  names: ReadonlyArray<string>,
): ReadonlyArray<A> => {
  if (names.length === 0) return NO_NAMES
  const key = names.join("\u0000")
  const r = REGISTRIES[kind]
  const known = r.byKey.get(key)
  if (known !== undefined) return known as ReadonlyArray<A>
  const list = names.map((n) => canonical(n))
  if (r.lists.length < MAX_LISTS) {
    Object.defineProperty(list, LIST_NUMBER, { value: r.lists.length })
    r.lists.push(list)
    const numbers = list.map(nameNumber) // small integers: a plain array reads faster than an Int32Array
    r.numbers.push(numbers.includes(-1) ? undefined : numbers)
    r.byKey.set(key, list)
  }
  return Object.freeze(list) as ReadonlyArray<A>
}

/** The number of `list` among the lists of `r`, or -1 when it is not one of them. */
const numberIn = (r: Registry, list: unknown): number => {
  if (!Array.isArray(list)) return -1
  const n = (list as { [LIST_NUMBER]?: number })[LIST_NUMBER]
  return n !== undefined && r.lists[n] === list ? n : -1
}

/**
 * Whether `list` is a shared list of `kind` (every name in it is then one of that kind): a
 * property read and an array read, where a `WeakSet` would hash.
 */
export const isSharedList = (kind: ListKind, list: unknown): boolean => numberIn(registryOf(kind), list) >= 0

/**
 * The numbers of the names of `list` (see {@link nameNumber}) when it is a shared list of `kind`
 * whose names all have one; `undefined` otherwise.
 */
export const sharedListNames = (kind: ListKind, list: unknown): ReadonlyArray<number> | undefined => {
  const r = registryOf(kind)
  const n = numberIn(r, list)
  return n < 0 ? undefined : r.numbers[n]
}
