// Internal: the JSON form of a ticket state, for the snapshots of the folds that carry one (SLA,
// follow-ups). The same keys as the state, with every instant as UTC epoch milliseconds; read back
// through the same structural check as any state handed in from outside (`stateProblem`).
import { describe, isRecord } from "../internal/describe.js"
import { instantProblem } from "../internal/instant.js"
import { stateProblem } from "./check-state.js"
import type { Vocabulary } from "./desk-vocabulary.js"
import type { OpenedTicket, TicketState } from "./state.js"

type Problem = readonly [path: string, reason: string]
type Json = Record<string, unknown>

/** The instant-valued keys of each part of an opened ticket. */
const PROMISE = ["madeAt", "dueAt"] as const
const KEPT = ["madeAt", "dueAt", "keptAt"] as const
const ANSWER = ["answeredAt"] as const
const SENT = ["sentAt"] as const
const LISTS = [
  ["openPromises", PROMISE],
  ["keptPromises", KEPT],
  ["surveyAnswers", ANSWER],
  ["followUpsSent", SENT],
] as const

/** `item` with the instants at `keys` turned by `f` (a shallow copy; `undefined` properties dropped). */
const mapInstants = (item: object, keys: ReadonlyArray<string>, f: (v: unknown) => unknown): Json => {
  const out: Json = {}
  for (const [k, v] of Object.entries(item)) if (v !== undefined) out[k] = keys.includes(k) ? f(v) : v
  return out
}

const toMs = (v: unknown): unknown => (v as Date).getTime()

/**
 * The JSON form of a ticket state: a plain object, instants as epoch milliseconds, no `undefined`.
 * O(size of the state).
 */
export const ticketToJson = (state: TicketState): Json => {
  if (!state.exists) return { exists: false, version: state.version }
  const t = state as OpenedTicket
  const out = mapInstants(t, ["openedAt", "lastEventAt"], toMs)
  for (const [key, keys] of LISTS) out[key] = t[key].map((item) => mapInstants(item, keys, toMs))
  if (t.fields !== undefined) {
    const fields: Json = {}
    // A date field is tagged, since strings and numbers are field values too.
    for (const name in t.fields) {
      const v = t.fields[name]
      fields[name] = v instanceof Date ? { date: v.getTime() } : v
    }
    out.fields = fields
  }
  out.tags = [...t.tags]
  return out
}

/** An epoch-millisecond instant read back as a `Date`, or the problem with it. */
const toDate = (v: unknown, path: string): Date | Problem => {
  if (typeof v !== "number")
    return [path, `must be an instant in epoch milliseconds, received ${describe(v)}`]
  const problem = instantProblem(v)
  return problem === undefined ? new Date(v) : [path, problem]
}

const isProblem = (v: unknown): v is Problem => Array.isArray(v)

/**
 * A ticket state read back from its JSON form at `path`, checked as `stateProblem` checks a state
 * handed in from outside (channel and priority against `vocabulary`); or the first problem, as
 * [path, reason]. O(size of the state).
 */
export const ticketFromJson = (
  json: unknown,
  path: string,
  vocabulary: Vocabulary,
): TicketState | Problem => {
  if (!isRecord(json)) return [path, `must be the JSON form of a ticket state, received ${describe(json)}`]
  const state: Json = { ...json }
  if (json.exists === true) {
    for (const key of ["openedAt", "lastEventAt"]) {
      const d = toDate(json[key], `${path}.${key}`)
      if (isProblem(d)) return d
      state[key] = d
    }
    for (const [key, keys] of LISTS) {
      const list = json[key]
      if (!Array.isArray(list)) return [`${path}.${key}`, `must be a list, received ${describe(list)}`]
      const items: Array<Json> = []
      for (let i = 0; i < list.length; i++) {
        const item: unknown = list[i]
        const at = `${path}.${key}[${i}]`
        if (!isRecord(item)) return [at, `must be an object, received ${describe(item)}`]
        const copy: Json = { ...item }
        for (const k of keys) {
          const d = toDate(item[k], `${at}.${k}`)
          if (isProblem(d)) return d
          copy[k] = d
        }
        items.push(copy)
      }
      state[key] = items
    }
    // As the fold keeps them: a null-prototype record, so that no field name reaches an object's own keys.
    if (isRecord(json.fields)) {
      const fields = Object.create(null) as Json
      for (const name in json.fields) {
        const v = json.fields[name]
        if (isRecord(v)) {
          const d = toDate(v.date, `${path}.fields.${name}.date`)
          if (isProblem(d)) return d
          fields[name] = d
        } else fields[name] = v
      }
      state.fields = fields
    }
  }
  const problem = stateProblem(state, path, vocabulary)
  return problem ?? (state as unknown as TicketState)
}
