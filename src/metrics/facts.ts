// Internal: what one ticket's history says for the metrics, in one pass over its events. The
// pass writes into a scratch object the accumulator owns (no allocation per ticket in the common
// case), because accumulation runs at millions of tickets per second.
import { MAX_MS, MIN_MS, openAt, between as openBetween } from "../calendar/engine.js"
import type { Calendar } from "../calendar/index.js"
import { MAX_YEAR, MIN_YEAR } from "../calendar/spec.js"
import * as FollowUp from "../followup/index.js"
import { taskKinds } from "../followup/plan.js"
import * as Sla from "../sla/index.js"
import { commonProblem, otherTicketProblem, typeProblem } from "../ticket/check.js"
import {
  channels,
  priorities,
  type SurveyKind,
  surveyKinds,
  surveyScales,
  type TicketEvent,
} from "../ticket/index.js"
import { InvalidMetrics } from "./errors.js"
import type { TicketMeasure } from "./measure.js"
import { isSharedList, type ListKind, NO_NAMES } from "./names.js"

/** One ticket's figures at `now`. Durations are in ms; `NaN` where the ticket has none. */
export interface TicketFacts {
  ticketId: string
  merged: boolean
  channel: string
  priority: string
  agentId: string
  groupId: string
  openedAt: number
  customerOpened: boolean
  /** Solved or closed at `now`. */
  solved: boolean
  everSolved: boolean
  reopens: number
  replies: number
  chases: number
  firstReplyMs: number
  firstReplyBusinessMs: number
  firstResolutionMs: number
  firstResolutionBusinessMs: number
  /** Opened → last solve, for a ticket solved at `now`. */
  fullResolutionMs: number
  fullResolutionBusinessMs: number
  /** Requester wait up to `waitingSince` (or to the last change of status when not waiting). */
  waitMs: number
  waitBusinessMs: number
  /** Since when the requester waits on the desk, a wait that runs on to `now`; `NaN` when not waiting. */
  waitingSince: number
  /**
   * The figures hold (run on to any later `now`, as `record` does) until this instant: the first
   * event after `now`, a promise falling due, an SLA clock or a follow-up changing state;
   * `Infinity` when nothing is left to change them.
   */
  changesAt: number
  inHours: boolean
  promisesDue: number
  promisesKeptOnTime: number
  /** Answers by survey kind, as `[kind, score, kind, score, …]` (usually empty). */
  answers: Array<string | number>
  /** How many answers `answers` holds: its first `2 × answerCount` entries (the array is reused, never shrunk). */
  answerCount: number
  /** The kinds (csat, nps, ces) of the surveys sent. */
  surveysSent: Array<string>
  /** SLA metrics achieved and breached (clocks still running are in neither). */
  slaAchieved: Array<string>
  slaBreached: Array<string>
  /** Follow-up kinds done on time, and done late or overdue (one entry per task). */
  followUpsOnTime: Array<string>
  followUpsLate: Array<string>
  /** The lists may be a measure's own arrays (read by `readMeasure`): replaced, never pushed to. */
  borrowed: boolean
}

export const emptyFacts = (): TicketFacts => ({
  ticketId: "",
  merged: false,
  channel: "",
  priority: "",
  agentId: "",
  groupId: "",
  openedAt: 0,
  customerOpened: false,
  solved: false,
  everSolved: false,
  reopens: 0,
  replies: 0,
  chases: 0,
  firstReplyMs: Number.NaN,
  firstReplyBusinessMs: Number.NaN,
  firstResolutionMs: Number.NaN,
  firstResolutionBusinessMs: Number.NaN,
  fullResolutionMs: Number.NaN,
  fullResolutionBusinessMs: Number.NaN,
  waitMs: 0,
  waitBusinessMs: 0,
  waitingSince: Number.NaN,
  changesAt: Number.POSITIVE_INFINITY,
  inHours: false,
  promisesDue: 0,
  promisesKeptOnTime: 0,
  answers: [],
  answerCount: 0,
  surveysSent: [],
  slaAchieved: [],
  slaBreached: [],
  followUpsOnTime: [],
  followUpsLate: [],
  borrowed: false,
})

/**
 * Adds an answer to `f.answers`, over the entries of the ticket read before: the array is kept
 * from ticket to ticket, neither replaced nor shrunk (both cost an allocation or a call per ticket).
 */
const putAnswer = (f: TicketFacts, survey: string, score: number): void => {
  const i = 2 * f.answerCount++
  f.answers[i] = survey
  f.answers[i + 1] = score
}

const isDone = (status: string): boolean => status === "solved" || status === "closed"
/** The requester waits on the desk in these statuses (the requesterWait clock's rule). */
const waits = (status: string): boolean => status === "new" || status === "open" || status === "onHold"

/**
 * Reads `events` (one ticket's history, in order; those after `now` ignored) into `f`.
 * Returns false when the history holds no opened ticket. Throws InvalidMetrics naming
 * `field` + `[i]…` for a malformed event or an event of another ticket.
 */
export const readFacts = (
  f: TicketFacts,
  events: Iterable<TicketEvent>,
  calendar: Calendar,
  now: number,
  field: string,
): boolean => {
  const engine = calendar.engine
  let opened = false
  let status = "new"
  let since = 0
  let ticketId: string | undefined
  let promiseIds: Array<string> | undefined
  let promiseDue: Array<number> | undefined
  let promiseKept: Array<number> | undefined
  f.merged = false
  f.everSolved = false
  f.reopens = 0
  f.replies = 0
  f.chases = 0
  f.firstReplyMs = Number.NaN
  f.firstReplyBusinessMs = Number.NaN
  f.firstResolutionMs = Number.NaN
  f.firstResolutionBusinessMs = Number.NaN
  f.fullResolutionMs = Number.NaN
  f.fullResolutionBusinessMs = Number.NaN
  f.waitMs = 0
  f.waitBusinessMs = 0
  f.waitingSince = Number.NaN
  f.changesAt = Number.POSITIVE_INFINITY
  f.promisesDue = 0
  f.promisesKeptOnTime = 0
  f.answerCount = 0
  // Lists lent by a measure are the caller's, even when emptied since: never pushed to.
  if (f.borrowed || f.surveysSent.length > 0) f.surveysSent = []
  if (f.borrowed || f.slaAchieved.length > 0) f.slaAchieved = []
  if (f.borrowed || f.slaBreached.length > 0) f.slaBreached = []
  if (f.borrowed || f.followUpsOnTime.length > 0) f.followUpsOnTime = []
  if (f.borrowed || f.followUpsLate.length > 0) f.followUpsLate = []
  f.borrowed = false
  let lastSolve = Number.NaN
  let last = Number.NEGATIVE_INFINITY
  let i = -1
  if (
    events === null ||
    typeof events !== "object" ||
    typeof (events as Iterable<unknown>)[Symbol.iterator] !== "function"
  )
    throw new InvalidMetrics({ field, reason: "must be a list of ticket events" })
  for (const e of events) {
    i++
    if (typeof e !== "object" || e === null)
      throw new InvalidMetrics({ field: `${field}[${i}]`, reason: "is not a ticket event" })
    // ticketId and at are read once, here, and checked with the values read.
    const id = e.ticketId
    const when = e.at
    const problem = commonProblem(id, when) ?? typeProblem(e) ?? otherTicketProblem(id, ticketId, "add")
    if (problem !== undefined)
      throw new InvalidMetrics({ field: `${field}[${i}]${problem[0]}`, reason: problem[1] })
    const at = when.getTime()
    if (!(at >= MIN_MS && at < MAX_MS))
      throw new InvalidMetrics({
        field: `${field}[${i}].at`,
        reason: `must lie in the years ${MIN_YEAR}–${MAX_YEAR}, where business time is computed`,
      })
    ticketId ??= id
    if (at > now) {
      if (at < f.changesAt) f.changesAt = at
      continue
    }
    // Durations are differences of instants: a history read out of time order would make them
    // negative (or silently shorter), so it is refused, naming the event.
    if (at < last)
      throw new InvalidMetrics({
        field: `${field}[${i}].at`,
        reason: `${when.toISOString()} is earlier than the event before it (${new Date(last).toISOString()}): histories are read in time order`,
      })
    last = at
    if (!opened) {
      if (e.type !== "TicketOpened") continue
      opened = true
      f.ticketId = id
      f.channel = e.channel
      f.priority = e.priority
      f.agentId = ""
      f.groupId = ""
      f.openedAt = at
      f.customerOpened = e.openedBy !== "agent"
      f.inHours = openAt(engine, at)
      status = "new"
      since = at
      continue
    }
    switch (e.type) {
      case "AgentReplied":
        if (f.replies++ === 0 && f.customerOpened) {
          f.firstReplyMs = at - f.openedAt
          f.firstReplyBusinessMs = openBetween(engine, f.openedAt, at)
        }
        break
      case "CustomerChased":
        f.chases++
        break
      case "StatusChanged": {
        const next = e.status
        if (next === status) break
        if (waits(status)) {
          f.waitMs += at - since
          f.waitBusinessMs += openBetween(engine, since, at)
        }
        if (isDone(next) && !isDone(status)) {
          if (!f.everSolved) {
            f.everSolved = true
            f.firstResolutionMs = at - f.openedAt
            f.firstResolutionBusinessMs = openBetween(engine, f.openedAt, at)
          }
          lastSolve = at
        } else if (isDone(status) && !isDone(next)) f.reopens++
        status = next
        since = at
        break
      }
      case "PriorityChanged":
        f.priority = e.priority
        break
      case "TicketAssigned":
        f.agentId = e.agentId ?? ""
        f.groupId = e.groupId ?? ""
        break
      case "TicketMerged":
        f.merged = true
        break
      case "PromiseMade":
        if (promiseIds?.includes(e.promiseId)) break
        promiseIds ??= []
        promiseDue ??= []
        promiseKept ??= []
        promiseIds.push(e.promiseId)
        promiseDue.push(e.dueAt.getTime())
        promiseKept.push(Number.NaN)
        break
      case "PromiseKept": {
        const k = promiseIds === undefined ? -1 : promiseIds.indexOf(e.promiseId)
        if (k >= 0 && Number.isNaN(promiseKept![k]!)) promiseKept![k] = at
        break
      }
      case "SurveyAnswered": {
        const scale = surveyScales[e.survey]
        if (!Number.isInteger(e.score) || e.score < scale.min || e.score > scale.max)
          throw new InvalidMetrics({
            field: `${field}[${i}].score`,
            reason: `a ${e.survey} score must be an integer from ${scale.min} to ${scale.max}`,
          })
        putAnswer(f, e.survey, e.score)
        break
      }
      case "FollowUpSent":
        if (e.kind === "survey") {
          const kind = e.taskId.slice(e.taskId.lastIndexOf("/") + 1)
          if (kind === "csat" || kind === "nps" || kind === "ces") f.surveysSent.push(kind)
        }
        break
      default:
        break
    }
  }
  if (!opened) return false
  if (waits(status)) f.waitingSince = since
  f.solved = isDone(status)
  if (f.solved) {
    f.fullResolutionMs = lastSolve - f.openedAt
    f.fullResolutionBusinessMs = openBetween(engine, f.openedAt, lastSolve)
  }
  if (promiseIds !== undefined)
    for (let k = 0; k < promiseIds.length; k++) {
      const kept = promiseKept![k]!
      const due = promiseDue![k]!
      // A promise counts once it is kept or its due time has passed; on time means kept by then.
      if (!Number.isNaN(kept) || due < now) {
        f.promisesDue++
        if (!Number.isNaN(kept) && kept <= due) f.promisesKeptOnTime++
      } else if (due + 1 < f.changesAt) f.changesAt = due + 1 // counted (as broken) once past due
    }
  return true
}

/** What {@link foldTicket} reads a history with. */
export interface FoldOptions {
  readonly calendar: Calendar
  readonly now: number
  /** The SLA policies (as for `Sla.evaluate`, without `now` and `calendar`): SLA achievement. */
  readonly sla: Omit<Sla.EvaluateOptions, "now" | "calendar"> | undefined
  /** `sla` with `now` and `calendar`, made once by the caller. */
  readonly evaluation: Sla.EvaluateOptions | undefined
  /** A follow-up policy: follow-ups done on time. */
  readonly followUp: FollowUp.FollowUpPolicy | undefined
}

/**
 * Reads one ticket's history into `f` as {@link readFacts} does, then, with SLA policies or a
 * follow-up policy, evaluates the clocks and plans the follow-ups into `f`'s lists. Returns false
 * when there is no opened ticket. Throws InvalidMetrics naming the field (`events[i]…`, `sla.…`).
 */
export const foldTicket = (f: TicketFacts, events: Iterable<TicketEvent>, o: FoldOptions): boolean => {
  const list = o.sla !== undefined || o.followUp !== undefined ? toList(events) : events
  if (!readFacts(f, list, o.calendar, o.now, "events")) return false
  if (f.merged || (o.sla === undefined && o.followUp === undefined)) return true
  let status: Sla.SlaStatus | undefined
  let plan: FollowUp.FollowUpPlan | undefined
  try {
    if (o.sla !== undefined) status = Sla.evaluate(list, o.evaluation!)
    if (o.followUp !== undefined)
      plan = FollowUp.plan(list, {
        policy: o.followUp,
        calendar: o.calendar,
        now: o.now,
        sla: o.sla === undefined ? undefined : { ...o.sla, status },
      })
  } catch (e) {
    const field = (e as { field?: unknown }).field
    if (typeof field === "string" && e instanceof Error)
      throw new InvalidMetrics({
        field: field.startsWith("events") ? field : `sla.${field}`,
        reason: e.message,
      })
    if (e instanceof Sla.UnknownPredicate)
      throw new InvalidMetrics({ field: "sla.predicates", reason: e.message })
    throw e
  }
  if (status !== undefined) {
    for (const clock of status.clocks)
      if (clock.status === "achieved") f.slaAchieved.push(clock.metric)
      else if (clock.status === "breached") f.slaBreached.push(clock.metric)
    const next = status.nextChangeAt?.getTime() ?? Number.POSITIVE_INFINITY
    if (next < f.changesAt) f.changesAt = next
  }
  if (plan !== undefined) {
    const grace = (o.followUp as FollowUp.FollowUpPolicy).graceMs
    for (const task of plan.tasks) {
      if (task.state === "done") {
        const slack = task.kind === "acknowledge" || task.kind === "keepInformed" ? 0 : grace
        if ((task.doneAt as Date).getTime() <= task.dueAt.getTime() + slack) f.followUpsOnTime.push(task.kind)
        else f.followUpsLate.push(task.kind)
      } else if (task.state === "overdue") f.followUpsLate.push(task.kind)
    }
    const next = plan.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY
    if (next < f.changesAt) f.changesAt = next
  }
  return true
}

/** `events` as a list, read once (a generator is spread); refused, naming it, when not iterable. */
const toList = (events: Iterable<TicketEvent>): Iterable<TicketEvent> => {
  if (Array.isArray(events)) return events
  if (events === null || typeof events !== "object" || typeof events[Symbol.iterator] !== "function")
    throw new InvalidMetrics({ field: "events", reason: "must be a list of ticket events" })
  return [...events]
}

/**
 * Reads a measure's instant (`Date` or epoch ms), `null` allowed when `nullable`; throws naming it.
 * This and the other readers below keep their refusals in functions of their own, so that they
 * are small enough for the compiler to inline into `readMeasure`, some thirty times over.
 */
const instantOf = (v: unknown, name: string, nullable: boolean, json: boolean): number =>
  v instanceof Date ? instantIn(v.getTime(), name, nullable) : instantAt(v, name, nullable, json)
/** `ms` when whole milliseconds (a Date holds no fraction) within the years the calendars compute in. */
const instantIn = (ms: number, name: string, nullable: boolean): number =>
  Number.isInteger(ms) && ms >= MIN_MS && ms < MAX_MS ? ms : badInstant(name, nullable)
/** A measure's instant that is not a `Date`: epoch ms, `null` (`NaN`) when allowed, an ISO string in JSON. */
const instantAt = (v: unknown, name: string, nullable: boolean, json: boolean): number => {
  if (v === null && nullable) return Number.NaN
  const ms = typeof v === "number" ? v : json && typeof v === "string" ? isoMs(v) : Number.NaN
  return instantIn(ms, name, nullable)
}
const badInstant = (name: string, nullable: boolean): never =>
  refuse(
    name,
    `must be a Date or whole epoch milliseconds from ${MIN_YEAR} to ${MAX_YEAR}${nullable ? ", or null" : ""}`,
  )
/** The refusal of a measure's field `name` (`measure.<name>`). */
const refusal = (name: string, reason: string): InvalidMetrics =>
  new InvalidMetrics({ field: `measure.${name}`, reason })
/** Throws the refusal of `name` (an expression, for the readers below). */
const refuse = (name: string, reason: string): never => {
  throw refusal(name, reason)
}
/**
 * The instant of `text` when it is written as `Date#toJSON` writes it (`2025-06-03T09:30:00.000Z`,
 * what a stored measure holds); `NaN` otherwise — other ISO forms are read by the schema on the
 * slow path. Read digit by digit: nothing is allocated, so a page of measures decodes densely.
 */
export const isoMs = (text: string): number => {
  if (text.length !== 24) return Number.NaN
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i)
    const sep = ISO_SEPARATORS[i]!
    if (sep === 0 ? c < 48 || c > 57 : c !== sep) return Number.NaN
  }
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  // Years below 100 would be read as 19xx by Date.UTC; they lie outside the calendars' years anyway.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN
  return Date.UTC(year, month - 1, day, hour, minute, second, digitsAt(text, 20, 3))
}
/** The character code each position of `YYYY-MM-DDTHH:MM:SS.sssZ` must hold; 0 where a digit goes. */
const ISO_SEPARATORS: ReadonlyArray<number> = [..."0000-00-00T00:00:00.000Z"].map((ch) =>
  ch === "0" ? 0 : ch.charCodeAt(0),
)
const digitsAt = (text: string, from: number, count: number): number => {
  let value = 0
  for (let i = from; i < from + count; i++) value = value * 10 + (text.charCodeAt(i) - 48)
  return value
}
const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31
const countOf = (v: unknown, name: string): number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0
    ? v
    : refuse(name, "must be a non-negative integer")
/** The longest duration between two instants of the calendars' years, in ms. */
export const LONGEST_MS = MAX_MS - MIN_MS
const durationOf = (v: unknown, name: string, nullable: boolean): number =>
  typeof v === "number" && v >= 0 && v <= LONGEST_MS
    ? v
    : v === null && nullable
      ? Number.NaN
      : refuse(
          name,
          `must be a duration in ms from 0 to ${LONGEST_MS} (${MIN_YEAR}–${MAX_YEAR})${nullable ? ", or null" : ""}`,
        )
/** Throws unless the calendar-time and business-time figures of `name` are both there or both null. */
const pairOf = (calendarMs: number, businessMs: number, name: string): void => {
  if (Number.isNaN(calendarMs) !== Number.isNaN(businessMs)) badPair(name)
}
const badPair = (name: string): never =>
  refuse(`${name}BusinessMs`, `must be null exactly when ${name}Ms is null`)
/** Throws naming `field` unless `holds`. */
const agrees = (holds: boolean, field: string, reason: string): void => {
  if (!holds) refuse(field, reason)
}
const flagOf = (v: unknown, name: string): boolean =>
  typeof v === "boolean" ? v : refuse(name, "must be a boolean")
const textOf = (v: unknown, name: string, nonEmpty: boolean): string =>
  typeof v === "string" && (!nonEmpty || v !== "")
    ? v
    : refuse(name, nonEmpty ? "must be a non-empty string" : "must be a string")
/**
 * Whether `s` is one of `names`: compared one by one, as the names measures hold are these very
 * strings (cheaper than hashing `s` for a `Set`).
 */
const isOneOf = (names: ReadonlyArray<string>, s: unknown): boolean => {
  for (let k = 0; k < names.length; k++) if (s === names[k]) return true
  return false
}
/** What the names of each kind of list must be (any non-empty string for SLA metrics), and how to say it. */
const LIST_NAMES: Readonly<Record<ListKind, readonly [ReadonlyArray<string> | undefined, string]>> = {
  survey: [surveyKinds, "a survey kind (csat, nps, ces)"],
  metric: [undefined, "an SLA metric name"],
  task: [taskKinds, "a follow-up task kind"],
}

/**
 * The measure's list `v` (field `name`) of names of `kind`, checked, to hold in `f` as it is: lent
 * (`f.borrowed` makes the next history read replace it, so a caller's array is never pushed to).
 * A shared list (what `measure` and `decodeMeasure` give) holds only names of its kind: not
 * checked again.
 */
const listIn = (v: unknown, name: string, kind: ListKind): Array<string> => {
  if (v !== NO_NAMES && !isSharedList(kind, v)) {
    const [names, what] = LIST_NAMES[kind]
    if (!Array.isArray(v)) throw refusal(name, `must be a list of ${what}`)
    for (let k = 0; k < v.length; k++) {
      const s: unknown = v[k]
      if (names === undefined ? !(typeof s === "string" && s !== "") : !isOneOf(names, s))
        throw refusal(`${name}[${k}]`, `must be ${what}`)
    }
  }
  return v as Array<string>
}

/**
 * Reads a ticket measure (`Metrics.measure`'s record, possibly stored and read back) into `f`,
 * checking every field; returns its `asOf`. Throws InvalidMetrics naming `measure.<field>`.
 * With `json`, instants may also be ISO-8601 strings (a measure read back from JSON).
 */
export const readMeasure = (f: TicketFacts, measure: TicketMeasure, json = false): number => {
  if (typeof measure !== "object" || measure === null)
    throw new InvalidMetrics({
      field: "measure",
      reason: "must be a ticket measure made with Metrics.measure",
    })
  const m = measure as unknown as Record<string, unknown>
  f.borrowed = true
  f.ticketId = textOf(m.ticketId, "ticketId", true)
  const asOf = instantOf(m.asOf, "asOf", false, json)
  const changesAt = instantOf(m.changesAt, "changesAt", true, json)
  if (changesAt <= asOf) throw refusal("changesAt", "must be after asOf")
  f.changesAt = Number.isNaN(changesAt) ? Number.POSITIVE_INFINITY : changesAt
  f.merged = flagOf(m.merged, "merged")
  if (!isOneOf(channels, m.channel)) throw refusal("channel", `must be one of ${channels.join(", ")}`)
  f.channel = m.channel as string
  if (!isOneOf(priorities, m.priority)) throw refusal("priority", `must be one of ${priorities.join(", ")}`)
  f.priority = m.priority as string
  f.agentId = textOf(m.agentId, "agentId", false)
  f.groupId = textOf(m.groupId, "groupId", false)
  f.openedAt = instantOf(m.openedAt, "openedAt", false, json)
  if (f.openedAt > asOf) throw refusal("openedAt", "is after asOf")
  f.customerOpened = flagOf(m.customerOpened, "customerOpened")
  f.inHours = flagOf(m.openedInHours, "openedInHours")
  f.solved = flagOf(m.solved, "solved")
  f.everSolved = flagOf(m.everSolved, "everSolved")
  f.reopens = countOf(m.reopens, "reopens")
  f.replies = countOf(m.replies, "replies")
  f.chases = countOf(m.chases, "chases")
  f.firstReplyMs = durationOf(m.firstReplyMs, "firstReplyMs", true)
  f.firstReplyBusinessMs = durationOf(m.firstReplyBusinessMs, "firstReplyBusinessMs", true)
  f.firstResolutionMs = durationOf(m.firstResolutionMs, "firstResolutionMs", true)
  f.firstResolutionBusinessMs = durationOf(m.firstResolutionBusinessMs, "firstResolutionBusinessMs", true)
  f.fullResolutionMs = durationOf(m.fullResolutionMs, "fullResolutionMs", true)
  f.fullResolutionBusinessMs = durationOf(m.fullResolutionBusinessMs, "fullResolutionBusinessMs", true)
  f.waitMs = durationOf(m.requesterWaitMs, "requesterWaitMs", false)
  f.waitBusinessMs = durationOf(m.requesterWaitBusinessMs, "requesterWaitBusinessMs", false)
  f.waitingSince = instantOf(m.waitingSince, "waitingSince", true, json)
  if (f.waitingSince > asOf) throw refusal("waitingSince", "is after asOf")
  f.promisesDue = countOf(m.promisesDue, "promisesDue")
  f.promisesKeptOnTime = countOf(m.promisesKeptOnTime, "promisesKeptOnTime")
  // What one history cannot give: checked so that a hand-made or damaged measure is refused.
  agrees(f.promisesKeptOnTime <= f.promisesDue, "promisesKeptOnTime", "is more than promisesDue")
  pairOf(f.firstReplyMs, f.firstReplyBusinessMs, "firstReply")
  pairOf(f.firstResolutionMs, f.firstResolutionBusinessMs, "firstResolution")
  pairOf(f.fullResolutionMs, f.fullResolutionBusinessMs, "fullResolution")
  agrees(!f.solved || f.everSolved, "everSolved", "must be true when solved is")
  agrees(f.reopens === 0 || f.everSolved, "reopens", "must be 0 unless everSolved")
  agrees(
    Number.isNaN(f.firstResolutionMs) !== f.everSolved,
    "firstResolutionMs",
    "must be null exactly when everSolved is false",
  )
  agrees(
    Number.isNaN(f.fullResolutionMs) !== f.solved,
    "fullResolutionMs",
    "must be null exactly when solved is false",
  )
  agrees(
    Number.isNaN(f.firstReplyMs) || (f.customerOpened && f.replies > 0),
    "firstReplyMs",
    "must be null unless the customer opened the ticket and an agent replied",
  )
  agrees(Number.isNaN(f.waitingSince) || !f.solved, "waitingSince", "must be null when solved")
  agrees(Number.isNaN(f.waitingSince) || f.waitingSince >= f.openedAt, "waitingSince", "is before openedAt")
  const answers = m.surveyAnswers
  if (!Array.isArray(answers)) throw refusal("surveyAnswers", "must be a list of { survey, score }")
  f.answerCount = 0
  for (let k = 0; k < answers.length; k++) {
    const a = answers[k] as { survey?: unknown; score?: unknown } | null
    const scale =
      typeof a === "object" && a !== null && isOneOf(surveyKinds, a.survey)
        ? surveyScales[a.survey as SurveyKind]
        : undefined
    const score = a?.score
    if (
      scale === undefined ||
      !Number.isInteger(score) ||
      (score as number) < scale.min ||
      (score as number) > scale.max
    )
      throw refusal(
        `surveyAnswers[${k}]`,
        "must be { survey, score } with a score on the survey's scale (csat 1–5, nps 0–10, ces 1–7)",
      )
    putAnswer(f, a!.survey as string, score as number)
  }
  // Unrolled: a loop over the keys would make every one of these reads a generic keyed lookup.
  f.surveysSent = listIn(m.surveysSent, "surveysSent", "survey")
  f.slaAchieved = listIn(m.slaAchieved, "slaAchieved", "metric")
  f.slaBreached = listIn(m.slaBreached, "slaBreached", "metric")
  f.followUpsOnTime = listIn(m.followUpsOnTime, "followUpsOnTime", "task")
  f.followUpsLate = listIn(m.followUpsLate, "followUpsLate", "task")
  return asOf
}

/**
 * Throws unless a measure taken at `asOf` (read into `f`) still holds at `now`: taken at or
 * before it, and its figures not changed by then.
 */
export const checkMeasureAt = (f: TicketFacts, asOf: number, now: number): void => {
  if (asOf > now)
    throw refusal(
      "asOf",
      `${new Date(asOf).toISOString()} is after the accumulator's now (${new Date(now).toISOString()}): events up to then would count`,
    )
  if (f.changesAt <= now)
    throw refusal(
      "changesAt",
      `ticket ${f.ticketId}'s figures change at ${new Date(f.changesAt).toISOString()}, before the accumulator's now: measure it again`,
    )
}
