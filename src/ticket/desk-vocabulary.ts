// The desk's own words: which channels, priorities, custom statuses and custom fields a desk
// uses. Declared once, validated once, and read by every module that checks a ticket's data.
import * as Data from "effect/Data"
import * as Result from "effect/Result"
import { describe, isRecord } from "../internal/describe.js"
import { instantProblem } from "../internal/instant.js"
import { describeIssues, type ValidationIssue } from "../internal/issues.js"
import {
  channels as builtinChannels,
  priorities as builtinPriorities,
  type Channel,
  type FieldType,
  type FieldValue,
  fieldTypes,
  type Priority,
  type TicketStatus,
  ticketStatuses,
} from "./vocabulary.js"

/**
 * What a desk declares about its own words; every part is optional and defaults to the built-in
 * names (so a desk that declares nothing reads every existing history as before).
 *
 * - `channels`: the channels the desk is reached on (replaces the built-in list).
 * - `priorities`: the desk's priorities, **lowest first** (replaces the built-in list).
 * - `statuses`: custom statuses, each in one of the six status categories (`new`, `open`,
 *   `pending`, `onHold`, `solved`, `closed`): the status machine, SLA pauses and follow-ups work
 *   on the category, while conditions may name the custom status.
 * - `fields`: custom fields and the kind of value each holds.
 *
 * @example
 * import type { VocabularySpec } from "servicekit/ticket"
 *
 * const spec: VocabularySpec = {
 *   channels: ["email", "chat", "whatsapp"],
 *   priorities: ["P4", "P3", "P2", "P1"],
 *   statuses: { awaitingVendor: "onHold", inProgress: "open" },
 *   fields: { plan: "string", seats: "number", renewalDate: "date", components: "strings" },
 * }
 *
 * @since 0.2.0
 * @category vocabulary
 */
export interface VocabularySpec {
  readonly channels?: ReadonlyArray<string> | undefined
  readonly priorities?: ReadonlyArray<string> | undefined
  readonly statuses?: Readonly<Record<string, TicketStatus>> | undefined
  readonly fields?: Readonly<Record<string, FieldType>> | undefined
}

/**
 * A validated desk vocabulary (made by {@link vocabulary} or {@link decodeVocabulary}). Give it to
 * `Ticket.decide`, `Ticket.decodeEvent`, `Sla.policy`, `Sla.evaluate`, `FollowUp.plan` … so that
 * each checks the ticket's data against the desk's words.
 *
 * @example
 * import { vocabulary } from "servicekit/ticket"
 *
 * const desk = vocabulary({ priorities: ["P4", "P3", "P2", "P1"], statuses: { awaitingVendor: "onHold" } })
 * desk.isPriority("P1") // => true
 * desk.isPriority("urgent") // => false
 * desk.categoryOf("awaitingVendor") // => "onHold"
 *
 * @since 0.2.0
 * @category vocabulary
 */
export class Vocabulary {
  /** The channels, in the order declared. */
  readonly channels: ReadonlyArray<Channel>
  /** The priorities, lowest first. */
  readonly priorities: ReadonlyArray<Priority>
  /** Each custom status's category. */
  readonly statuses: Readonly<Record<string, TicketStatus>>
  /** Each custom field's kind of value. */
  readonly fields: Readonly<Record<string, FieldType>>
  readonly #channels: ReadonlySet<unknown>
  readonly #priorities: ReadonlySet<unknown>
  readonly #statuses: ReadonlyMap<unknown, TicketStatus>
  readonly #fields: ReadonlyMap<unknown, FieldType>

  /** @internal Use `Ticket.vocabulary`: this constructor trusts its input. */
  constructor(
    channels: ReadonlyArray<string>,
    priorities: ReadonlyArray<string>,
    statuses: ReadonlyArray<readonly [string, TicketStatus]>,
    fields: ReadonlyArray<readonly [string, FieldType]>,
  ) {
    this.channels = Object.freeze([...channels])
    this.priorities = Object.freeze([...priorities])
    this.statuses = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(statuses)))
    this.fields = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(fields)))
    this.#channels = new Set(channels)
    this.#priorities = new Set(priorities)
    this.#statuses = new Map(statuses)
    this.#fields = new Map(fields)
  }

  /** Whether `name` is one of the desk's channels. */
  isChannel(name: unknown): name is Channel {
    return this.#channels.has(name)
  }

  /** Whether `name` is one of the desk's priorities. */
  isPriority(name: unknown): name is Priority {
    return this.#priorities.has(name)
  }

  /** The category of the custom status `name`, or `undefined` when the desk declares no such status. */
  categoryOf(name: unknown): TicketStatus | undefined {
    return this.#statuses.get(name)
  }

  /** The kind of value the custom field `name` holds, or `undefined` when the desk declares no such field. */
  fieldType(name: unknown): FieldType | undefined {
    return this.#fields.get(name)
  }
}

/**
 * The built-in words: the five built-in channels, the four built-in priorities, no custom
 * statuses and no custom fields. What every function uses when given no vocabulary.
 *
 * @example
 * import { builtinVocabulary } from "servicekit/ticket"
 *
 * builtinVocabulary.priorities // => ["low", "normal", "high", "urgent"]
 *
 * @since 0.2.0
 * @category vocabulary
 */
export const builtinVocabulary: Vocabulary = new Vocabulary(builtinChannels, builtinPriorities, [], [])

/**
 * A desk vocabulary was refused: `issues` names every bad entry (`statuses.awaitingVendor`,
 * `fields.seats`, `priorities[2]` …).
 *
 * @example
 * import { vocabulary, InvalidVocabulary } from "servicekit/ticket"
 *
 * let path: string | undefined
 * try {
 *   vocabulary({ statuses: { awaitingVendor: "waiting" as never } })
 * } catch (e) {
 *   if (e instanceof InvalidVocabulary) path = e.issues[0]?.path
 * }
 * path // => "statuses.awaitingVendor"
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidVocabulary extends Data.TaggedError("InvalidVocabulary")<{
  readonly issues: ReadonlyArray<ValidationIssue>
  readonly message: string
}> {
  constructor(issues: ReadonlyArray<ValidationIssue>) {
    super({ issues, message: `Invalid desk vocabulary: ${describeIssues(issues, "(vocabulary)")}` })
  }
}

/** Field names are identifiers, so that a field never collides with an object's own keys. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/
const CATEGORIES: ReadonlySet<unknown> = new Set(ticketStatuses)
const TYPES: ReadonlySet<unknown> = new Set(fieldTypes)
const SPEC_KEYS = new Set(["channels", "priorities", "statuses", "fields"])
const isName = (v: unknown): v is string => typeof v === "string" && v !== "" && v.length <= 64

const nameList = (
  input: unknown,
  path: string,
  fallback: ReadonlyArray<string>,
  issues: Array<ValidationIssue>,
): ReadonlyArray<string> => {
  if (input === undefined) return fallback
  if (!Array.isArray(input) || input.length === 0) {
    issues.push({ path, message: `must be a non-empty list of names, received ${describe(input)}` })
    return fallback
  }
  const seen = new Set<string>()
  input.forEach((name: unknown, i) => {
    if (!isName(name))
      issues.push({
        path: `${path}[${i}]`,
        message: `must be a name of 1–64 characters, received ${describe(name)}`,
      })
    else if (seen.has(name))
      issues.push({ path: `${path}[${i}]`, message: `${describe(name)} is listed twice` })
    else seen.add(name)
  })
  return [...seen]
}

const entries = (input: unknown, path: string, issues: Array<ValidationIssue>): Array<[string, unknown]> => {
  if (input === undefined) return []
  if (!isRecord(input)) {
    issues.push({ path, message: `must be an object of names, received ${describe(input)}` })
    return []
  }
  return Object.entries(input)
}

/**
 * Checks untrusted input (parsed JSON) and makes a desk vocabulary from it, without throwing.
 *
 * @example
 * import { decodeVocabulary } from "servicekit/ticket"
 * import * as Result from "effect/Result"
 *
 * const decoded = decodeVocabulary({ fields: { seats: "integer" } })
 * Result.isFailure(decoded) && decoded.failure.issues[0]?.path // => "fields.seats"
 *
 * @since 0.2.0
 * @category vocabulary
 */
export const decodeVocabulary = (input: unknown): Result.Result<Vocabulary, InvalidVocabulary> => {
  if (!isRecord(input))
    return Result.fail(
      new InvalidVocabulary([
        {
          path: "",
          message: `must be { channels?, priorities?, statuses?, fields? }, received ${describe(input)}`,
        },
      ]),
    )
  const issues: Array<ValidationIssue> = []
  for (const key of Object.keys(input))
    if (!SPEC_KEYS.has(key))
      issues.push({
        path: key,
        message: "unknown key (a vocabulary has channels, priorities, statuses, fields)",
      })
  const channels = nameList(input.channels, "channels", builtinChannels, issues)
  const priorities = nameList(input.priorities, "priorities", builtinPriorities, issues)
  const statuses: Array<[string, TicketStatus]> = []
  for (const [name, category] of entries(input.statuses, "statuses", issues)) {
    const path = `statuses.${name}`
    if (!isName(name) || name === "__proto__")
      issues.push({ path, message: "a custom status needs a name of 1–64 characters" })
    else if (CATEGORIES.has(name))
      issues.push({
        path,
        message: `${describe(name)} is a status category; a custom status needs its own name`,
      })
    else if (!CATEGORIES.has(category))
      issues.push({
        path,
        message: `must be the status category it belongs to (one of ${ticketStatuses.join(", ")}), received ${describe(category)}`,
      })
    else statuses.push([name, category as TicketStatus])
  }
  const fields: Array<[string, FieldType]> = []
  for (const [name, type] of entries(input.fields, "fields", issues)) {
    const path = `fields.${name}`
    if (!FIELD_NAME.test(name))
      issues.push({ path, message: "a field name is a letter then up to 63 letters, digits, _ or -" })
    else if (!TYPES.has(type))
      issues.push({ path, message: `must be one of ${fieldTypes.join(", ")}, received ${describe(type)}` })
    else fields.push([name, type as FieldType])
  }
  return issues.length > 0
    ? Result.fail(new InvalidVocabulary(issues))
    : Result.succeed(new Vocabulary(channels, priorities, statuses, fields))
}

/**
 * Makes a desk vocabulary: the desk's channels, priorities (lowest first), custom statuses (each
 * in a status category) and custom fields. Throws {@link InvalidVocabulary} naming every bad entry.
 *
 * @example
 * import { vocabulary } from "servicekit/ticket"
 *
 * const desk = vocabulary({
 *   channels: ["email", "chat", "whatsapp"],
 *   priorities: ["P4", "P3", "P2", "P1"],
 *   statuses: { awaitingVendor: "onHold", inProgress: "open" },
 *   fields: { plan: "string", seats: "number", renewalDate: "date", components: "strings" },
 * })
 * desk.fieldType("seats") // => "number"
 *
 * @since 0.2.0
 * @category vocabulary
 */
export const vocabulary = (spec: VocabularySpec): Vocabulary => {
  const decoded = decodeVocabulary(spec)
  if (Result.isFailure(decoded)) throw decoded.failure
  return decoded.success
}

/**
 * The refusal of a name the vocabulary does not declare, listing the names it does:
 * `is not a field the desk vocabulary declares (declared: plan, seats)`.
 */
export const undeclared = (what: "field" | "custom status", names: ReadonlyArray<string>): string =>
  `is not a ${what} the desk vocabulary declares (${names.length === 0 ? "it declares none" : `declared: ${names.join(", ")}`})`

/** What is wrong with `value` as a field value (of `type` when given), if anything. */
export const fieldValueProblem = (value: unknown, type: FieldType | undefined): string | undefined => {
  const kind = kindOf(value)
  if (kind === undefined)
    return `must be a string, a finite number, a boolean, a Date or a list of strings, received ${describe(value)}`
  if (kind === "date") {
    const problem = instantProblem(value as Date)
    if (problem !== undefined) return problem
  }
  return type === undefined || type === kind
    ? undefined
    : `must be a ${type} value, received ${describe(value)}`
}

/** The field type a value has, or `undefined` when it is no field value. */
export const kindOf = (value: unknown): FieldType | undefined => {
  switch (typeof value) {
    case "string":
      return "string"
    case "number":
      return Number.isFinite(value) ? "number" : undefined
    case "boolean":
      return "boolean"
    default:
      if (value instanceof Date) return "date"
      return Array.isArray(value) && value.every((v) => typeof v === "string") ? "strings" : undefined
  }
}

/** Whether two field values are the same (lists item by item, dates by instant). */
export const sameFieldValue = (a: FieldValue | undefined, b: FieldValue | undefined): boolean => {
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime()
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i])
  return a === b
}
