// Internal: a structural check of a ticket state handed to `decide` or `evolve` by a caller (a
// plain-JS app, a state kept in storage and read back), so that a malformed one is refused with
// a tagged error naming the field rather than crashing inside. States the library made itself
// are remembered and not checked again, so a fold through the public `evolve` stays linear.
import { describe, isRecord } from "../internal/describe.js"
import { instantProblem } from "../internal/instant.js"
import { requesterProblem } from "./check.js"
import { builtinVocabulary, fieldValueProblem, type Vocabulary } from "./desk-vocabulary.js"
import type { TicketState } from "./state.js"
import { surveyKinds, ticketStatuses } from "./vocabulary.js"

type Problem = readonly [path: string, reason: string]
type Record_ = Record<string, unknown>

const STATUSES: ReadonlySet<unknown> = new Set(ticketStatuses)
const SURVEYS: ReadonlySet<unknown> = new Set(surveyKinds)

/** The first key of `o` that `allowed` does not hold, as a problem; undefined when none. */
const unknownKey = (o: Record_, allowed: ReadonlySet<string>, path: string): Problem | undefined => {
  for (const key in o) if (!allowed.has(key)) return [`${path}.${key}`, "unknown key"]
  return undefined
}
const keys = (...names: ReadonlyArray<string>): ReadonlySet<string> => new Set(names)
const OPENED = keys(
  "exists",
  "id",
  "status",
  "customStatus",
  "priority",
  "channel",
  "requester",
  "assignee",
  "tags",
  "fields",
  "subject",
  "openedBy",
  "openedAt",
  "lastEventAt",
  "openPromises",
  "keptPromises",
  "chaseCount",
  "customerMessageCount",
  "publicReplyCount",
  "reopenCount",
  "surveyAnswers",
  "followUpsSent",
  "mergedInto",
  "version",
)
const NONE = keys("exists", "version")
const ASSIGNEE = keys("agentId", "groupId")
const OPEN_PROMISE = keys("promiseId", "summary", "madeAt", "dueAt")
const KEPT_PROMISE = keys("promiseId", "summary", "madeAt", "dueAt", "keptAt")
const ANSWER = keys("survey", "score", "comment", "answeredAt")
const SENT = keys("taskId", "kind", "sentAt")

const isText = (v: unknown) => typeof v === "string" && v !== ""
const isCount = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0

const text = (o: Record_, key: string, path: string, optional = false): Problem | undefined =>
  (optional && o[key] === undefined) || isText(o[key])
    ? undefined
    : [
        `${path}.${key}`,
        `must be a non-empty string${optional ? " when given" : ""}, received ${describe(o[key])}`,
      ]

const date = (o: Record_, key: string, path: string): Problem | undefined => {
  const problem =
    o[key] instanceof Date ? instantProblem(o[key]) : `must be a Date, received ${describe(o[key])}`
  return problem === undefined ? undefined : [`${path}.${key}`, problem]
}

const oneOf = (o: Record_, key: string, set: ReadonlySet<unknown>, path: string): Problem | undefined =>
  set.has(o[key])
    ? undefined
    : [`${path}.${key}`, `must be one of ${[...set].join(", ")}, received ${describe(o[key])}`]

const count = (o: Record_, key: string, path: string): Problem | undefined =>
  isCount(o[key])
    ? undefined
    : [`${path}.${key}`, `must be a count (a whole number ≥ 0), received ${describe(o[key])}`]

/** Checks every item of the list `o[key]` with `item`. */
const list = (
  o: Record_,
  key: string,
  path: string,
  item: (x: Record_, at: string) => Problem | undefined,
): Problem | undefined => {
  const value = o[key]
  if (!Array.isArray(value)) return [`${path}.${key}`, `must be a list, received ${describe(value)}`]
  for (let i = 0; i < value.length; i++) {
    const at = `${path}.${key}[${i}]`
    const x: unknown = value[i]
    if (!isRecord(x)) return [at, `must be an object, received ${describe(x)}`]
    const problem = item(x, at)
    if (problem !== undefined) return problem
  }
  return undefined
}

const promise = (p: Record_, at: string): Problem | undefined =>
  text(p, "promiseId", at) ??
  (typeof p.summary === "string"
    ? undefined
    : [`${at}.summary`, `must be a string, received ${describe(p.summary)}`]) ??
  date(p, "madeAt", at) ??
  date(p, "dueAt", at)

/** What is wrong with a state's `fields` (a record of field values), if anything. */
const fieldsProblem = (s: Record_, path: string, vocabulary: Vocabulary | null): Problem | undefined => {
  const fields = s.fields
  if (fields === undefined) return undefined
  if (!isRecord(fields))
    return [`${path}.fields`, `must be an object of field values, received ${describe(fields)}`]
  for (const name in fields) {
    const problem = fieldValueProblem(fields[name], vocabulary?.fieldType(name))
    if (problem !== undefined) return [`${path}.fields.${name}`, problem]
  }
  return undefined
}

/** The channel or priority `key` of a state, checked against the vocabulary (null: any name). */
const nameIn = (
  s: Record_,
  key: "channel" | "priority",
  path: string,
  vocabulary: Vocabulary | null,
): Problem | undefined => {
  const value = s[key]
  if (vocabulary === null) return text(s, key, path)
  const ok = key === "channel" ? vocabulary.isChannel(value) : vocabulary.isPriority(value)
  if (ok) return undefined
  const names = key === "channel" ? vocabulary.channels : vocabulary.priorities
  return [`${path}.${key}`, `must be one of ${names.join(", ")}, received ${describe(value)}`]
}

const openedProblem = (s: Record_, path: string, vocabulary: Vocabulary | null): Problem | undefined => {
  const requester = s.requester
  const assignee = s.assignee
  return (
    unknownKey(s, OPENED, path) ??
    text(s, "id", path) ??
    oneOf(s, "status", STATUSES, path) ??
    text(s, "customStatus", path, true) ??
    nameIn(s, "priority", path, vocabulary) ??
    nameIn(s, "channel", path, vocabulary) ??
    (isRecord(requester)
      ? requesterProblem(requester, `${path}.requester`)
      : [`${path}.requester`, `must be { id, … }, received ${describe(requester)}`]) ??
    (isRecord(assignee)
      ? (unknownKey(assignee, ASSIGNEE, `${path}.assignee`) ??
        text(assignee, "agentId", `${path}.assignee`, true) ??
        text(assignee, "groupId", `${path}.assignee`, true))
      : [`${path}.assignee`, `must be { agentId?, groupId? }, received ${describe(assignee)}`]) ??
    (Array.isArray(s.tags) && s.tags.every((t) => typeof t === "string")
      ? undefined
      : [`${path}.tags`, "must be a list of strings"]) ??
    fieldsProblem(s, path, vocabulary) ??
    (s.subject === undefined || typeof s.subject === "string"
      ? undefined
      : [`${path}.subject`, `must be a string when given, received ${describe(s.subject)}`]) ??
    (s.openedBy === "customer" || s.openedBy === "agent"
      ? undefined
      : [`${path}.openedBy`, `must be "customer" or "agent", received ${describe(s.openedBy)}`]) ??
    date(s, "openedAt", path) ??
    date(s, "lastEventAt", path) ??
    list(s, "openPromises", path, (p, at) => unknownKey(p, OPEN_PROMISE, at) ?? promise(p, at)) ??
    list(
      s,
      "keptPromises",
      path,
      (p, at) => unknownKey(p, KEPT_PROMISE, at) ?? promise(p, at) ?? date(p, "keptAt", at),
    ) ??
    count(s, "chaseCount", path) ??
    count(s, "customerMessageCount", path) ??
    count(s, "publicReplyCount", path) ??
    count(s, "reopenCount", path) ??
    list(
      s,
      "surveyAnswers",
      path,
      (a, at) =>
        unknownKey(a, ANSWER, at) ??
        oneOf(a, "survey", SURVEYS, at) ??
        (typeof a.score === "number" && Number.isFinite(a.score)
          ? undefined
          : [`${at}.score`, `must be a finite number, received ${describe(a.score)}`]) ??
        (a.comment === undefined || typeof a.comment === "string"
          ? undefined
          : [`${at}.comment`, `must be a string when given, received ${describe(a.comment)}`]) ??
        date(a, "answeredAt", at),
    ) ??
    list(
      s,
      "followUpsSent",
      path,
      (f, at) =>
        unknownKey(f, SENT, at) ?? text(f, "taskId", at) ?? text(f, "kind", at) ?? date(f, "sentAt", at),
    ) ??
    text(s, "mergedInto", path, true)
  )
}

/** States made by the library (initial, evolve, replay): known good, not checked again. */
const made = new WeakSet<object>()

/** Remembers a state the library made. */
export const madeState = <S extends TicketState>(state: S): S => {
  made.add(state)
  return state
}

/**
 * What is wrong with `state` as a ticket state, as [path from `path`, reason]; undefined when
 * nothing. O(size of the state) the first time, O(1) for a state the library made. Channel and
 * priority are checked against `vocabulary`; `null` accepts any name.
 */
export const stateProblem = (
  state: unknown,
  path = "state",
  vocabulary: Vocabulary | null = builtinVocabulary,
): Problem | undefined => {
  if (!isRecord(state))
    return [
      path,
      `must be a ticket state (Ticket.initialState or what evolve/replay returned), received ${describe(state)}`,
    ]
  if (made.has(state)) return undefined
  if (!isCount(state.version))
    return [`${path}.version`, `must be a count (a whole number ≥ 0), received ${describe(state.version)}`]
  if (state.exists === false) return unknownKey(state, NONE, path)
  if (state.exists !== true)
    return [`${path}.exists`, `must be true or false, received ${describe(state.exists)}`]
  return openedProblem(state, path, vocabulary)
}
