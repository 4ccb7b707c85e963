// Internal: the names and lists of names that ticket measures hold, one shared object each.
// A decoded measure then holds the same strings and the same (frozen) lists as every other: the
// accumulator checks a shared list once, finds its pairs by the list's identity, and reads it
// from the cache instead of from the measure's own memory — the difference between about 0.6 and
// 1 µs per measure with SLA and follow-up outcomes.
import { taskKinds } from "../followup/plan.js"
import * as Sla from "../sla/index.js"
import { channels, priorities, surveyKinds } from "../ticket/index.js"

/** The empty list of names every measure shares. */
export const NO_NAMES: ReadonlyArray<never> = Object.freeze([])

const NAMES = new Map<string, string>(
  [...channels, ...priorities, ...surveyKinds, ...taskKinds, ...Sla.builtinMetrics].map((n) => [n, n]),
)
/** Custom SLA metric names kept at most (beyond, a name is used as it comes). */
const MAX_NAMES = NAMES.size + 1_000
/**
 * The number of each name kept, 0, 1, 2, … in the order met: what tallies index their SLA and
 * follow-up counts by (see `Pairs` in tally.ts).
 */
const NUMBERS = new Map<string, number>([...NAMES.keys()].map((n, k) => [n, k]))
const NAMES_BY_NUMBER: Array<string> = [...NUMBERS.keys()]

/** The one string object for `name` (channels, priorities, kinds, SLA metrics). */
export const canonical = <A extends string>(name: A): A => {
  const known = NAMES.get(name)
  if (known !== undefined) return known as A
  if (NAMES.size < MAX_NAMES) {
    NAMES.set(name, name)
    NUMBERS.set(name, NUMBERS.size)
    NAMES_BY_NUMBER.push(name)
  }
  return name
}

/**
 * The number of `name` (see `NUMBERS`), keeping the name when there is room; -1 when the bound of
 * names kept was reached first. A name has a number from the first time it is asked for, or never.
 */
export const nameNumber = (name: string): number => {
  const known = NUMBERS.get(name)
  if (known !== undefined) return known
  canonical(name)
  return NUMBERS.get(name) ?? -1
}

/** The name numbered `n` (see `NUMBERS`). */
export const nameOfNumber = (n: number): string => NAMES_BY_NUMBER[n]!

/** What a list of names may hold: SLA metric names, follow-up task kinds, survey kinds. */
export type ListKind = "metric" | "task" | "survey"

const LISTS: Readonly<Record<ListKind, Map<string, ReadonlyArray<string>>>> = {
  metric: new Map(),
  task: new Map(),
  survey: new Map(),
}
/**
 * The lists made by {@link sharedList}, by kind and number: each holds only names of its kind.
 * A shared list carries its number under {@link LIST_NUMBER}; the number counts only when this
 * table holds that very list there, so a number copied onto another array proves nothing.
 */
const SHARED: Readonly<Record<ListKind, Array<ReadonlyArray<string>>>> = {
  metric: [],
  task: [],
  survey: [],
}
/** The numbers of each shared list's names (see {@link nameNumber}), by kind and list number. */
const NAME_NUMBERS: Readonly<Record<ListKind, Array<ReadonlyArray<number> | undefined>>> = {
  metric: [],
  task: [],
  survey: [],
}
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
  const lists = LISTS[kind]
  const known = lists.get(key)
  if (known !== undefined) return known as ReadonlyArray<A>
  const list = names.map((n) => canonical(n))
  const shared = SHARED[kind]
  if (lists.size < MAX_LISTS) {
    Object.defineProperty(list, LIST_NUMBER, { value: shared.length })
    shared.push(list)
    const numbers = list.map(nameNumber) // small integers: a plain array reads faster than an Int32Array
    NAME_NUMBERS[kind].push(numbers.includes(-1) ? undefined : numbers)
    lists.set(key, list)
  }
  return Object.freeze(list) as ReadonlyArray<A>
}

/**
 * The number of `list` among the shared lists of `kind` (every name in it is then one of that
 * kind), or -1 when it is not one: a property read and an array read, where a `WeakSet` would hash.
 */
export const sharedListNumber = (kind: ListKind, list: unknown): number => {
  if (!Array.isArray(list)) return -1
  const n = (list as { [LIST_NUMBER]?: number })[LIST_NUMBER]
  if (n === undefined) return -1
  // Not SHARED[kind]: a keyed read by a string that varies costs more than the rest of this check.
  const shared = kind === "metric" ? SHARED.metric : kind === "task" ? SHARED.task : SHARED.survey
  return shared[n] === list ? n : -1
}

/**
 * The numbers of the names of `list` (see {@link nameNumber}) when it is a shared list of `kind`
 * whose names all have one; `undefined` otherwise.
 */
export const sharedListNames = (kind: ListKind, list: unknown): ReadonlyArray<number> | undefined => {
  const n = sharedListNumber(kind, list)
  if (n < 0) return undefined
  return (
    kind === "metric" ? NAME_NUMBERS.metric : kind === "task" ? NAME_NUMBERS.task : NAME_NUMBERS.survey
  )[n]
}
