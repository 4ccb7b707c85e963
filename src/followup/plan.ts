import * as Calendar from "../calendar/index.js"
import { describe } from "../internal/describe.js"
import { epochMsOf, instantProblem } from "../internal/instant.js"
import * as Sla from "../sla/index.js"
import { holds } from "../sla/when.js"
import { eventProblem, otherTicketProblem } from "../ticket/check.js"
import { evolveUnchecked as evolve } from "../ticket/evolve.js"
import {
  builtinVocabulary,
  initialState,
  type TicketEvent,
  type TicketState,
  Vocabulary,
} from "../ticket/index.js"
import { InstantCursor, work } from "./cursor.js"
import { InvalidPlan } from "./errors.js"
import { type FollowUpPolicy, isPolicy } from "./policy.js"

/**
 * The kinds of follow-up task, by the practice they serve.
 *
 * @example
 * ```ts
 * import type { FollowUp } from "servicekit"
 * const kind: FollowUp.TaskKind = "checkIn"
 * ```
 * @since 0.1.0
 * @category Plans
 */
export type TaskKind =
  | "acknowledge"
  | "keepInformed"
  | "promiseReminder"
  | "promiseOverdue"
  | "chaseEscalation"
  | "checkIn"
  | "survey"
  | "slaWarning"
  | "slaBreach"

/** Every {@link TaskKind}, for checking stored data that names them (internal to the package). */
export const taskKinds = [
  "acknowledge",
  "keepInformed",
  "promiseReminder",
  "promiseOverdue",
  "chaseEscalation",
  "checkIn",
  "survey",
  "slaWarning",
  "slaBreach",
] as const satisfies ReadonlyArray<TaskKind>
// …and every one of them: a kind added to `TaskKind` fails to compile here until it is listed.
const everyTaskKind: [Exclude<TaskKind, (typeof taskKinds)[number]>] extends [never] ? true : never = true
void everyTaskKind

/**
 * Where a task stands at `now`.
 *
 * - Owed replies (`acknowledge`, `keepInformed`): `due` until `dueAt` (the deadline), `overdue`
 *   after it, `done` once a public reply answers them (an acknowledgement also by its
 *   `FollowUpSent`, for automatic ones).
 * - Timed actions (reminders, escalations, check-ins, surveys): `scheduled` until `dueAt`, `due`
 *   from then, `overdue` once the policy's `grace` has passed too, `done` once a
 *   `FollowUpSent { taskId }` records them (a survey answer also completes a survey).
 * - `cancelled`: no longer owed (the ticket was solved first, reopened, merged, the promise kept).
 *
 * @example
 * ```ts
 * import type { FollowUp } from "servicekit"
 * const state: FollowUp.TaskState = "overdue"
 * ```
 * @since 0.1.0
 * @category Plans
 */
export type TaskState = "scheduled" | "due" | "overdue" | "done" | "cancelled"

/**
 * A follow-up: what is owed, on which ticket, by when, and why. `id` is deterministic (the same
 * history gives the same ids), so planning again after a crash never duplicates a task.
 *
 * @example
 * ```ts
 * import type { FollowUp } from "servicekit"
 * const task: FollowUp.FollowUpTask = {
 *   id: "T-1/promiseReminder/callback", ticketId: "T-1", kind: "promiseReminder",
 *   dueAt: new Date("2025-06-05T12:00:00Z"), state: "scheduled", promiseId: "callback",
 *   reason: 'remind the agent: "call back with the refund status" is due at 2025-06-05T13:00:00.000Z',
 * }
 * ```
 * @since 0.1.0
 * @category Plans
 */
export interface FollowUpTask {
  readonly id: string
  readonly ticketId: string
  readonly kind: TaskKind
  readonly dueAt: Date
  readonly state: TaskState
  readonly reason: string
  readonly promiseId?: string
  /** When the answering event happened (for `done` tasks). */
  readonly doneAt?: Date
}

/**
 * What `FollowUp.plan` returns: every task of the ticket (done and cancelled ones too, for
 * metrics) and `nextDueAt`, the earliest instant after `now` at which a task changes state.
 *
 * @example
 * ```ts
 * import type { FollowUp } from "servicekit"
 * const empty: FollowUp.FollowUpPlan = { tasks: [], nextDueAt: undefined }
 * ```
 * @since 0.1.0
 * @category Plans
 */
export interface FollowUpPlan {
  readonly tasks: ReadonlyArray<FollowUpTask>
  readonly nextDueAt: Date | undefined
}

/**
 * Options for `FollowUp.plan`. `sla` is needed only for `escalateOnSla` (the same options as
 * `Sla.evaluate`, less `now` and `calendar`, which are these). An app that has just evaluated
 * the ticket's SLA at the same `now` and calendar passes that status as `sla.status`, and the
 * plan reads it instead of evaluating the history again.
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp } from "servicekit"
 * const options: FollowUp.PlanOptions = {
 *   policy: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
 *   calendar: Calendar.always,
 *   now: new Date("2025-06-05T10:00:00Z"),
 * }
 * ```
 * @since 0.1.0
 * @category Plans
 */
export interface PlanOptions {
  /** A policy, or an ordered list: the first whose `when` matches the ticket at `now` applies. */
  readonly policy: FollowUpPolicy | ReadonlyArray<FollowUpPolicy>
  readonly calendar: Calendar.Calendar
  readonly now: Date | number
  readonly sla?: PlanSlaOptions | undefined
  /** The desk's vocabulary (default: the built-in words): the events' channels and priorities are checked against it. */
  readonly vocabulary?: Vocabulary | undefined
}

/**
 * The SLA side of {@link PlanOptions}: the options of `Sla.evaluate` less `now` and `calendar`,
 * and optionally the `status` that `Sla.evaluate` (or `Sla.evaluateState`) already returned for
 * this ticket at the plan's `now` with the plan's calendar.
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp, Sla } from "servicekit"
 * const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })]
 * const events = [{ type: "TicketOpened" as const, ticketId: "T-1", at: new Date("2025-06-05T07:00:00Z"),
 *   channel: "email" as const, priority: "normal" as const, requester: { id: "c-1" } }]
 * const now = new Date("2025-06-05T07:30:00Z")
 * const status = Sla.evaluate(events, { policies, calendar: Calendar.always, now })
 * const plan = FollowUp.plan(events, {
 *   policy: FollowUp.policy({ escalateOnSla: { onBreach: true } }),
 *   calendar: Calendar.always, now, sla: { policies, status },
 * })
 * plan.tasks[0]?.kind // => "slaBreach"
 * ```
 * @since 0.1.0
 * @category Plans
 */
export interface PlanSlaOptions extends Omit<Sla.EvaluateOptions, "now" | "calendar"> {
  /** The ticket's SLA status at this `now` and calendar, when the app already has it. */
  readonly status?: Sla.SlaStatus | undefined
}

/** What the plan reads from a history, in one pass. */
interface Facts {
  ticket: TicketState
  replies: Array<number>
  /** Status after each change, from the opening on, and the instant of each (two lists, one per field). */
  statuses: Array<string>
  statusTimes: Array<number>
  solves: Array<number>
  /** Position in the history of each solve, to order a solve and a reopen at the same instant. */
  solveSeqs: Array<number>
  /** Instants the ticket left the active statuses (solved or closed). */
  ends: Array<number>
  /** Positions in the history of the reopens. */
  reopenSeqs: Array<number>
  chases: Array<number>
  promises: Map<string, { madeAt: number; dueAt: number; summary: string; keptAt: number | undefined }>
  sent: Map<string, number>
  surveyAnsweredAt: Map<string, number>
  mergedAt: number | undefined
}

const gather = (events: Iterable<TicketEvent>, now: number, vocabulary: Vocabulary): Facts => {
  const f: Facts = {
    ticket: initialState,
    replies: [],
    statuses: [],
    statusTimes: [],
    solves: [],
    solveSeqs: [],
    ends: [],
    reopenSeqs: [],
    chases: [],
    promises: new Map(),
    sent: new Map(),
    surveyAnsweredAt: new Map(),
    mergedAt: undefined,
  }
  let i = 0
  let ticketId: string | undefined
  for (const e of events) {
    const problem = eventProblem(e, vocabulary) ?? otherTicketProblem(e.ticketId, ticketId, "plan")
    if (problem !== undefined)
      throw new InvalidPlan({ field: `events[${i}]${problem[0]}`, reason: problem[1] })
    ticketId ??= e.ticketId
    i++
    const at = e.at.getTime()
    if (at > now) continue
    const before = f.ticket
    f.ticket = evolve(before, e, f)
    if (!f.ticket.exists) continue
    switch (e.type) {
      case "TicketOpened":
        f.statuses.push("new")
        f.statusTimes.push(at)
        break
      case "AgentReplied":
        f.replies.push(at)
        break
      case "StatusChanged": {
        const was = before.exists ? before.status : "new"
        f.statuses.push(e.status)
        f.statusTimes.push(at)
        const done = (s: string) => s === "solved" || s === "closed"
        if (e.status === "solved" && !done(was)) {
          f.solves.push(at)
          f.solveSeqs.push(i)
        }
        if (done(e.status) && !done(was)) f.ends.push(at)
        if (done(was) && !done(e.status)) f.reopenSeqs.push(i)
        break
      }
      case "CustomerChased":
        f.chases.push(at)
        break
      case "PromiseMade":
        if (!f.promises.has(e.promiseId))
          f.promises.set(e.promiseId, {
            madeAt: at,
            dueAt: e.dueAt.getTime(),
            summary: e.summary,
            keptAt: undefined,
          })
        break
      case "PromiseKept": {
        const p = f.promises.get(e.promiseId)
        if (p !== undefined && p.keptAt === undefined) p.keptAt = at
        break
      }
      case "FollowUpSent":
        if (!f.sent.has(e.taskId)) f.sent.set(e.taskId, at)
        break
      case "SurveyAnswered":
        if (!f.surveyAnsweredAt.has(e.survey)) f.surveyAnsweredAt.set(e.survey, at)
        break
      case "TicketMerged":
        f.mergedAt ??= at
        break
    }
  }
  return f
}

/**
 * `Date#toISOString` without the `Date`: reasons quote instants, and formatting them was a
 * quarter of the planning time. Days to civil date after Howard Hinnant's `civil_from_days`.
 */
const iso = (t: number): string => {
  const days = Math.floor(t / 86_400_000)
  const ms = t - days * 86_400_000
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`)
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor(ms / 60_000) % 60
  const sec = Math.floor(ms / 1000) % 60
  const milli = ms % 1000
  return `${year}-${two(month)}-${two(day)}T${two(h)}:${two(m)}:${two(sec)}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}Z`
}
const quietCalendars = new Map<string, Calendar.Calendar>()

/** The calendar of the hours a survey may be sent in `zone` (all but the quiet hours). */
const awakeHours = (
  zone: string,
  quiet: { readonly from: string; readonly to: string },
): Calendar.Calendar => {
  const key = `${zone}|${quiet.from}|${quiet.to}`
  let cal = quietCalendars.get(key)
  if (cal === undefined) {
    const ranges =
      quiet.from > quiet.to ? [`${quiet.to}-${quiet.from}`] : [`00:00-${quiet.from}`, `${quiet.to}-24:00`]
    const valid = ranges.filter((r) => !r.startsWith("00:00-00:00") && !r.endsWith("24:00-24:00"))
    const hours = Object.fromEntries(Calendar.weekdays.map((d) => [d, valid]))
    const decoded = Calendar.decode({ timeZone: zone, hours })
    cal = decoded._tag === "Success" ? decoded.success : Calendar.always
    if (quietCalendars.size > 256) quietCalendars.clear()
    quietCalendars.set(key, cal)
  }
  return cal
}

/**
 * Business time `ms` after `from`, while the ticket is not pending (the keepInformed clock).
 * `changes` finds the first status change after `from` (in `times`); the walk then visits the
 * changes before `until` only. The replies' spans do not overlap, so the walks of a plan visit
 * each change about once: O(statuses + replies) for a history in time order.
 */
const dueWhileNotPending = (
  cal: Calendar.Calendar,
  statuses: ReadonlyArray<string>,
  times: ReadonlyArray<number>,
  changes: InstantCursor,
  from: number,
  until: number,
  ms: number,
): number => {
  let left = ms
  // Walk the status segments from `from` to `until`; time in pending does not count.
  let k = changes.first(from)
  let status = k === 0 ? "new" : statuses[k - 1]!
  let cursor = from
  for (;;) {
    work.steps++
    const change = k < times.length && times[k]! < until
    const to = change ? times[k]! : until
    if (status !== "pending") {
      const accrued = Calendar.businessMsBetween(cal, cursor, to)
      if (accrued >= left) return Calendar.addBusinessMs(cal, cursor, left)
      left -= accrued
    }
    if (!change) return Calendar.addBusinessMs(cal, until, left)
    cursor = to
    status = statuses[k++]!
  }
}

const OWED: ReadonlySet<TaskKind> = new Set(["acknowledge", "keepInformed"])

const checkSlaStatus = (status: Sla.SlaStatus, policies: ReadonlyArray<Sla.Policy>): void => {
  if (typeof status !== "object" || status === null || !Array.isArray(status.clocks))
    throw new InvalidPlan({
      field: "sla.status",
      reason: "must be what Sla.evaluate returned for this ticket",
    })
  if (
    status.policyId !== null &&
    !(Array.isArray(policies) && policies.some((p) => p?.id === status.policyId))
  )
    throw new InvalidPlan({
      field: "sla.status.policyId",
      reason: `${describe(status.policyId)} is none of sla.policies`,
    })
}

/**
 * Plans a ticket's follow-ups at `now` from its event history (events after `now` are
 * ignored): every task the policy asks for, with its deterministic id, due time, state and
 * reason. Pure: it sends nothing; the app sends what is due and records `FollowUpSent`.
 * Its searches are linear in the history when its events are in time order (a reply's search
 * for the status changes and solves after it goes on from the previous reply's).
 *
 * @example
 * ```ts
 * import { Calendar, FollowUp } from "servicekit"
 * const plan = FollowUp.plan(
 *   [{ type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-05T09:00:00Z"),
 *      channel: "email", priority: "normal", requester: { id: "c-1" } }],
 *   { policy: FollowUp.policy({ acknowledge: { within: "PT15M" } }), calendar: Calendar.always,
 *     now: new Date("2025-06-05T09:05:00Z") },
 * )
 * plan.tasks[0]?.id // => "T-1/acknowledge"
 * plan.tasks[0]?.state // => "due"
 * plan.nextDueAt // => new Date("2025-06-05T09:15:00Z")
 * ```
 * @since 0.1.0
 * @category Plans
 */
export const plan = (events: Iterable<TicketEvent>, options: PlanOptions): FollowUpPlan => {
  if (typeof options !== "object" || options === null)
    throw new InvalidPlan({ field: "options", reason: "must be { policy, calendar, now }" })
  const problem = instantProblem(options.now)
  if (problem !== undefined) throw new InvalidPlan({ field: "now", reason: problem })
  const now = epochMsOf(options.now)
  if (typeof (events as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function")
    throw new InvalidPlan({
      field: "events",
      reason: `must be a list of ticket events, received ${describe(events)}`,
    })
  const policies: ReadonlyArray<FollowUpPolicy> = Array.isArray(options.policy)
    ? options.policy
    : [options.policy as FollowUpPolicy]
  policies.forEach((p, i) => {
    if (!isPolicy(p))
      throw new InvalidPlan({
        field: Array.isArray(options.policy) ? `policy[${i}]` : "policy",
        reason: "must be a policy made with FollowUp.policy",
      })
  })
  const vocabulary = options.vocabulary ?? builtinVocabulary
  if (!(vocabulary instanceof Vocabulary))
    throw new InvalidPlan({
      field: "vocabulary",
      reason: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
    })
  if (!(options.calendar instanceof Calendar.Calendar))
    throw new InvalidPlan({ field: "calendar", reason: "must be a calendar made with Calendar.make" })
  if (policies.some((p) => p.escalateOnSla) && options.sla === undefined)
    throw new InvalidPlan({
      field: "sla",
      reason: "the policy escalates on SLA clocks: give { policies } to evaluate them",
    })
  if (options.sla?.status !== undefined) checkSlaStatus(options.sla.status, options.sla.policies)
  const list = [...events]
  const f = gather(list, now, vocabulary)
  const ticket = f.ticket
  if (!ticket.exists) return { tasks: [], nextDueAt: undefined }
  const policy = policies.find((p) => holds(p.when, ticket))
  if (policy === undefined) return { tasks: [], nextDueAt: undefined }
  const T = ticket.id
  const business = options.calendar
  const calendarFor = (hours: "business" | "calendar") => (hours === "calendar" ? Calendar.always : business)
  const isSolvedNow = ticket.status === "solved" || ticket.status === "closed"
  const tasks: Array<FollowUpTask> = []
  let next = Number.POSITIVE_INFINITY

  const add = (
    kind: TaskKind,
    id: string,
    dueAt: number,
    reason: string,
    outcome: { doneAt?: number | undefined; cancelled?: boolean },
    promiseId?: string,
  ) => {
    const owed = OWED.has(kind)
    let state: TaskState
    if (outcome.doneAt !== undefined) state = "done"
    else if (outcome.cancelled || f.mergedAt !== undefined) state = "cancelled"
    else if (owed) state = now < dueAt ? "due" : "overdue"
    else state = now < dueAt ? "scheduled" : now < dueAt + policy.graceMs ? "due" : "overdue"
    const change =
      state === "scheduled" || (state === "due" && owed)
        ? dueAt
        : state === "due"
          ? dueAt + policy.graceMs
          : Number.NaN
    if (change > now && change < next) next = change
    tasks.push({
      id,
      ticketId: T,
      kind,
      dueAt: new Date(dueAt),
      state,
      reason,
      ...(promiseId === undefined ? {} : { promiseId }),
      ...(outcome.doneAt === undefined ? {} : { doneAt: new Date(outcome.doneAt) }),
    })
  }
  const sentOrCancelled = (id: string, cancelled: boolean) => ({ doneAt: f.sent.get(id), cancelled })

  const opened = ticket.openedAt.getTime()
  const firstReply = f.replies[0]
  const firstEnd = f.ends[0]
  // A business-hours task lands in open hours: `after: 0` means the next open instant.
  const dueIn = (cal: Calendar.Calendar, from: number, ms: number): number =>
    ms === 0 ? (Calendar.nextOpen(cal, from)?.getTime() ?? from) : Calendar.addBusinessMs(cal, from, ms)

  if (policy.acknowledge && ticket.openedBy !== "agent") {
    const a = policy.acknowledge
    const due = dueIn(calendarFor(a.hours), opened, a.withinMs)
    const id = `${T}/acknowledge`
    // An automatic acknowledgement the app sent (FollowUpSent) counts as much as a first reply.
    const sent = f.sent.get(id)
    const answeredAt =
      sent === undefined || (firstReply !== undefined && firstReply < sent) ? firstReply : sent
    const cancelled = firstEnd !== undefined && (answeredAt === undefined || answeredAt > firstEnd)
    add("acknowledge", id, due, `acknowledge the ${ticket.channel} request opened at ${iso(opened)}`, {
      doneAt: cancelled ? undefined : answeredAt,
      cancelled,
    })
  }

  if (policy.keepInformed) {
    const k = policy.keepInformed
    const cal = calendarFor(k.hours)
    // Replies come in time order: both cursors move forward only, O(replies + statuses) in all.
    const changes = new InstantCursor(f.statusTimes, false)
    const ends = new InstantCursor(f.ends, true)
    f.replies.forEach((reply, i) => {
      const answered = f.replies[i + 1]
      const solved = f.ends[ends.first(reply)]
      const end = Math.min(answered ?? Number.POSITIVE_INFINITY, solved ?? Number.POSITIVE_INFINITY, now)
      const pendingNow = answered === undefined && solved === undefined && ticket.status === "pending"
      // Not owed while the customer has the ball, nor after the ticket is solved.
      if (pendingNow || (answered === undefined && solved === undefined && isSolvedNow)) return
      const due = dueWhileNotPending(cal, f.statuses, f.statusTimes, changes, reply, end, k.everyMs)
      add(
        "keepInformed",
        `${T}/keepInformed/${i + 1}`,
        due,
        `update the customer: last public reply at ${iso(reply)}`,
        {
          doneAt:
            answered !== undefined && (solved === undefined || answered <= solved) ? answered : undefined,
          cancelled: solved !== undefined && (answered === undefined || solved < answered),
        },
      )
    })
  }

  if (policy.promises) {
    const before = policy.promises.remindBeforeMs
    for (const [promiseId, p] of f.promises) {
      const reminderId = `${T}/promiseReminder/${promiseId}`
      add(
        "promiseReminder",
        reminderId,
        Math.max(p.madeAt, p.dueAt - before),
        `remind the agent: "${p.summary}" is due at ${iso(p.dueAt)}`,
        sentOrCancelled(reminderId, p.keptAt !== undefined),
        promiseId,
      )
      const overdueId = `${T}/promiseOverdue/${promiseId}`
      add(
        "promiseOverdue",
        overdueId,
        p.dueAt,
        `escalate: "${p.summary}" was promised for ${iso(p.dueAt)} and is not kept`,
        sentOrCancelled(overdueId, p.keptAt !== undefined),
        promiseId,
      )
    }
  }

  if (policy.chases) {
    const n = policy.chases.escalateAfter
    const nth = f.chases[n - 1]
    if (nth !== undefined) {
      const id = `${T}/chaseEscalation/${n}`
      const solvedSince = f.ends.some((s) => s > nth)
      add(
        "chaseEscalation",
        id,
        nth,
        `escalate: the customer has chased ${f.chases.length} time(s)`,
        sentOrCancelled(id, solvedSince),
      )
    }
  }

  if (policy.checkIn) {
    const c = policy.checkIn
    // Positions grow along the history: a solve was reopened when the last reopen comes after it.
    const lastReopen = f.reopenSeqs[f.reopenSeqs.length - 1] ?? -1
    f.solves.forEach((solved, n) => {
      const id = `${T}/checkIn/${n + 1}`
      const reopened = lastReopen > f.solveSeqs[n]!
      const due = dueIn(calendarFor(c.hours), solved, c.afterMs)
      add(
        "checkIn",
        id,
        due,
        `check in: solved at ${iso(solved)}, is all well?`,
        sentOrCancelled(id, reopened),
      )
    })
  }

  if (policy.survey && f.solves.length > 0) {
    const s = policy.survey
    const solved = f.solves[f.solves.length - 1]!
    const id = `${T}/survey/${s.kind}`
    const zone = ticket.requester.timeZone ?? business.timeZone
    const after = Calendar.addBusinessMs(calendarFor(s.hours), solved, s.afterMs)
    const due = Calendar.nextOpen(awakeHours(zone, s.quietHours), after)?.getTime() ?? after
    const answered = f.surveyAnsweredAt.get(s.kind)
    add(
      "survey",
      id,
      due,
      `send the ${s.kind.toUpperCase()} survey (solved at ${iso(solved)}), outside ${s.quietHours.from}–${s.quietHours.to} in ${zone}`,
      {
        doneAt: f.sent.get(id) ?? answered,
        cancelled: !isSolvedNow,
      },
    )
  }

  if (policy.escalateOnSla && options.sla !== undefined) {
    const e = policy.escalateOnSla
    const status = options.sla.status ?? Sla.evaluate(list, { ...options.sla, calendar: business, now })
    const targets = options.sla.policies.find((p) => p.id === status.policyId)?.targets[ticket.priority]
    const hoursOf = (metric: string) => calendarFor(targets?.[metric]?.hours ?? "business")
    for (const clock of status.clocks) {
      const name = `${clock.metric}#${clock.cycle}`
      // An escalation exists to act while the clock runs; once it stopped, an unsent one is moot.
      const stopped = clock.stoppedAt !== undefined
      if (e.warnAt)
        for (const w of clock.warnings) {
          if (w.at === undefined || (clock.status === "achieved" && !w.reached)) continue
          const id = `${T}/slaWarning/${name}/${w.threshold}`
          add(
            "slaWarning",
            id,
            w.at.getTime(),
            `warn: ${name} reaches ${w.threshold * 100} % of its target`,
            sentOrCancelled(id, stopped),
          )
        }
      if (e.onBreach) {
        // The breach itself comes with the first open instant after the target is reached
        // (a target reached at closing time breaches when the desk opens again).
        const reached = clock.breachedAt ?? (clock.status === "running" ? clock.dueAt : undefined)
        const at = reached && (Calendar.nextOpen(hoursOf(clock.metric), reached) ?? reached)
        if (at === undefined) continue
        const id = `${T}/slaBreach/${name}`
        add(
          "slaBreach",
          id,
          at.getTime(),
          `escalate: ${name} breaches its ${clock.targetMs / 60_000} min target`,
          sentOrCancelled(id, stopped),
        )
      }
    }
  }

  return { tasks, nextDueAt: next === Number.POSITIVE_INFINITY ? undefined : new Date(next) }
}
