// Internal: what one ticket's history says for the metrics, in one pass over its events. The
// pass writes into a scratch object the accumulator owns (no allocation per ticket in the common
// case), because accumulation runs at millions of tickets per second.
import { MAX_MS, MIN_MS, openAt, between as openBetween } from "../calendar/engine.js"
import type { Calendar } from "../calendar/index.js"
import { MAX_YEAR, MIN_YEAR } from "../calendar/spec.js"
import { commonProblem, otherTicketProblem, typeProblem } from "../ticket/check.js"
import { surveyScales, type TicketEvent, type Vocabulary } from "../ticket/index.js"
import { describe } from "./describe.js"
import { InvalidMetrics } from "./errors.js"

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
  /** SLA metrics achieved and breached (clocks running, paused or cancelled are in neither). */
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
export const putAnswer = (f: TicketFacts, survey: string, score: number): void => {
  const i = 2 * f.answerCount++
  f.answers[i] = survey
  f.answers[i + 1] = score
}

const isDone = (status: string): boolean => status === "solved" || status === "closed"
/** The requester waits on the desk in these statuses (the requesterWait clock's rule). */
const waits = (status: string): boolean => status === "new" || status === "open" || status === "onHold"

/**
 * Reads `events` (one ticket's history, in order; those after `now` ignored) into `f`, in one
 * pass: O(events). Returns false when the history holds no opened ticket. Throws InvalidMetrics
 * naming `field` + `[i]…` for a malformed event (channels and priorities checked against
 * `vocabulary`) or an event of another ticket. Event types the figures do not read (tags,
 * fields, requester changes) are checked and passed over.
 */
export const readFacts = (
  f: TicketFacts,
  events: Iterable<TicketEvent>,
  calendar: Calendar,
  now: number,
  field: string,
  vocabulary: Vocabulary,
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
    // A type that is no string is refused here: the shared check would quote it, and a BigInt breaks that.
    if (typeof (e as { type?: unknown }).type !== "string")
      throw new InvalidMetrics({
        field: `${field}[${i}].type`,
        reason: `must be a ticket event type, received ${describe((e as { type?: unknown }).type)}`,
      })
    const problem =
      commonProblem(id, when) ?? typeProblem(e, vocabulary) ?? otherTicketProblem(id, ticketId, "add")
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
        // The category: a custom status (`customStatus`) counts as the category it belongs to.
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
