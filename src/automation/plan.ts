import * as Calendar from "../calendar/index.js"
import * as FollowUp from "../followup/index.js"
import { describe } from "../internal/describe.js"
import { epochMsOf, instantProblem } from "../internal/instant.js"
import { typeBit } from "../sla/event-types.js"
import * as Sla from "../sla/index.js"
import { changesOn } from "../sla/when-deps.js"
import { type Matcher, matcherOf } from "../sla/when-match.js"
import { eventProblem, otherTicketProblem } from "../ticket/check.js"
import { evolveUnchecked as evolve } from "../ticket/evolve.js"
import {
  initialState,
  type OpenedTicket,
  type TicketCommand,
  type TicketEvent,
  type TicketState,
  ticketStatuses,
} from "../ticket/index.js"
import { InvalidAutomationPlan } from "./errors.js"
import { type Action, type Elapsed, isRuleSet, type Rule, type RuleSet } from "./rules.js"

/**
 * A message a rule sends through the Desk's sink: to the customer (a reminder) or to the desk
 * (an alert), of a `kind` the desk names. `id` is deterministic (its firing's id and its place in
 * the rule), so a sink can drop a redelivery.
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const n: Automation.Notification = {
 *   id: "T-1/remind-pending/t0+s3/notify0", firingId: "T-1/remind-pending/t0+s3", ticketId: "T-1",
 *   ruleId: "remind-pending", to: "customer", kind: "pendingReminder", requesterId: "c-1",
 * }
 * ```
 * @since 0.2.0
 * @category Plans
 */
export interface Notification {
  readonly id: string
  readonly firingId: string
  readonly ticketId: string
  readonly ruleId: string
  readonly to: "customer" | "desk"
  readonly kind: string
  readonly message?: string
  /** The customer the ticket is for (who a `customer` message goes to). */
  readonly requesterId: string
}

/**
 * A rule due to act on a ticket: once per episode of its condition. `id` is
 * `ticketId/ruleId/episode`, where the episode names the events (and SLA cycle or follow-up
 * task) that made the condition true: the same history gives the same id, and the rule acts again
 * only after its condition was false. `record` is the command that records the firing in the
 * history (`RecordAutomation`; decided first, since an action may close the ticket), `commands`
 * the rule's ticket actions as commands stamped `now` (the Desk decides them in turn against the
 * ticket at append time); `notifications` go to the sink.
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const firing: Automation.Firing = {
 *   id: "T-1/close-solved/t0+s5", ticketId: "T-1", ruleId: "close-solved", since: new Date("2025-06-09T10:00:00Z"),
 *   commands: [{ type: "ChangeStatus", ticketId: "T-1", at: new Date("2025-06-10T10:00:00Z"), status: "closed" }],
 *   record: { type: "RecordAutomation", ticketId: "T-1", at: new Date("2025-06-10T10:00:00Z"),
 *     firingId: "T-1/close-solved/t0+s5", ruleId: "close-solved" },
 *   notifications: [],
 * }
 * ```
 * @since 0.2.0
 * @category Plans
 */
export interface Firing {
  readonly id: string
  readonly ticketId: string
  readonly ruleId: string
  /** When the rule's condition became true. */
  readonly since: Date
  readonly commands: ReadonlyArray<TicketCommand>
  readonly record: TicketCommand
  readonly notifications: ReadonlyArray<Notification>
}

/**
 * What `Automation.plan` returns: the firings due at `now`, in rule order, and `nextDueAt`, the
 * earliest instant after `now` at which a rule's condition becomes true with no new event (what
 * a scheduler sleeps until).
 *
 * @example
 * ```ts
 * import type { Automation } from "servicekit"
 * const idle: Automation.AutomationPlan = { due: [], nextDueAt: undefined }
 * ```
 * @since 0.2.0
 * @category Plans
 */
export interface AutomationPlan {
  readonly due: ReadonlyArray<Firing>
  readonly nextDueAt: Date | undefined
}

/**
 * Options of `Automation.plan`. `sla` is needed by rules with an `sla` condition (the options of
 * `Sla.evaluate` less `now`, `calendar` and `vocabulary`; pass `status` when the app already
 * evaluated the ticket at this `now`), `followUp` by rules with a `followUp` condition (the
 * follow-up policy, and its `plan` at this `now` when the app has it).
 *
 * @example
 * ```ts
 * import { Automation, Calendar } from "servicekit"
 * const options: Automation.PlanOptions = {
 *   rules: Automation.rules([]),
 *   calendar: Calendar.always,
 *   now: new Date("2025-06-05T10:00:00Z"),
 * }
 * ```
 * @since 0.2.0
 * @category Plans
 */
export interface PlanOptions {
  readonly rules: RuleSet
  /** The business calendar time conditions count in (unless a condition says `hours: "calendar"`). */
  readonly calendar: Calendar.Calendar
  readonly now: Date | number
  readonly sla?:
    | (Omit<Sla.EvaluateOptions, "now" | "calendar" | "vocabulary"> & {
        readonly status?: Sla.SlaStatus | undefined
      })
    | undefined
  readonly followUp?:
    | {
        readonly policy: FollowUp.FollowUpPolicy | ReadonlyArray<FollowUp.FollowUpPolicy>
        readonly plan?: FollowUp.FollowUpPlan | undefined
      }
    | undefined
}

/** What the plan reads from a history, in one pass. */
interface Facts {
  ticket: TicketState
  openedAt: number
  /** Index and instant of the event that began the current status (custom status included). */
  statusSince: readonly [number, number]
  lastAgentReply: readonly [number, number] | undefined
  lastCustomerMessage: readonly [number, number] | undefined
  /** Per rule: the index of the event from which its ticket condition holds (-1: it does not now)… */
  ticketSince: Array<number>
  /** …and that event's instant. */
  ticketSinceAt: Array<number>
  applied: Set<string>
}

const gather = (events: Iterable<TicketEvent>, now: number, set: RuleSet, compiled: Compiled): Facts => {
  const { matchers, masks } = compiled
  const f: Facts = {
    ticket: initialState,
    openedAt: 0,
    statusSince: [0, 0],
    lastAgentReply: undefined,
    lastCustomerMessage: undefined,
    ticketSince: matchers.map(() => -1),
    ticketSinceAt: matchers.map(() => 0),
    applied: new Set(),
  }
  let i = -1
  let ticketId: string | undefined
  for (const e of events) {
    i++
    const problem = eventProblem(e, set.vocabulary) ?? otherTicketProblem(e.ticketId, ticketId, "plan")
    if (problem !== undefined)
      throw new InvalidAutomationPlan({ field: `events[${i}]${problem[0]}`, reason: problem[1] })
    ticketId ??= e.ticketId
    const at = e.at.getTime()
    if (at > now) continue
    const before = f.ticket
    const after = evolve(before, e, f)
    f.ticket = after
    if (!after.exists) continue
    if (!before.exists) {
      f.openedAt = at
      f.statusSince = [i, at]
    } else if (before.status !== after.status || before.customStatus !== after.customStatus)
      f.statusSince = [i, at]
    if (e.type === "AgentReplied") f.lastAgentReply = [i, at]
    else if (e.type === "CustomerMessaged") f.lastCustomerMessage = [i, at]
    else if (e.type === "AutomationApplied") f.applied.add(e.firingId)
    // After the opening every condition is tested; after other events only those whose answer
    // the event can change (a reply cannot change a tag test).
    const bit = typeBit(e.type)
    for (let r = 0; r < matchers.length; r++) {
      if (before.exists && (masks[r]! & bit) === 0) continue
      const holds = matchers[r]!(after)
      if (!holds) f.ticketSince[r] = -1
      else if (f.ticketSince[r] === -1) {
        f.ticketSince[r] = i
        f.ticketSinceAt[r] = at
      }
    }
  }
  return f
}

const always: Matcher = () => true

/**
 * The firings due on a ticket at `now`, and when the next one may become due: pure, from the
 * history alone. A rule fires once per episode of its condition (see {@link Firing}); a closed or
 * merged ticket fires nothing. Linear in the events times the rules.
 *
 * @example
 * ```ts
 * import { Automation, Calendar } from "servicekit"
 * const rules = Automation.rules([{
 *   id: "close-solved",
 *   when: { ticket: { status: ["solved"] }, inStatus: { atLeast: "P4D", hours: "calendar" } },
 *   actions: [{ do: "setStatus", status: "closed" }],
 * }])
 * const events = [
 *   { type: "TicketOpened" as const, ticketId: "T-1", at: new Date("2025-06-02T09:00:00Z"),
 *     channel: "email" as const, priority: "normal" as const, requester: { id: "c-1" } },
 *   { type: "StatusChanged" as const, ticketId: "T-1", at: new Date("2025-06-03T09:00:00Z"), status: "solved" as const },
 * ]
 * const early = Automation.plan(events, { rules, calendar: Calendar.always, now: new Date("2025-06-04T09:00:00Z") })
 * early.due.length // => 0
 * early.nextDueAt // => new Date("2025-06-07T09:00:00Z")
 * const late = Automation.plan(events, { rules, calendar: Calendar.always, now: new Date("2025-06-07T09:00:00Z") })
 * late.due[0]?.id // => "T-1/close-solved/t1+s1"
 * late.due[0]?.commands[0]?.type // => "ChangeStatus"
 * ```
 * @since 0.2.0
 * @category Plans
 */
export const plan = (events: Iterable<TicketEvent>, options: PlanOptions): AutomationPlan => {
  if (typeof options !== "object" || options === null)
    throw new InvalidAutomationPlan({ field: "options", reason: "must be { rules, calendar, now }" })
  const problem = instantProblem(options.now)
  if (problem !== undefined) throw new InvalidAutomationPlan({ field: "now", reason: problem })
  const now = epochMsOf(options.now)
  if (typeof (events as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function")
    throw new InvalidAutomationPlan({
      field: "events",
      reason: `must be a list of ticket events, received ${describe(events)}`,
    })
  const set = options.rules
  if (!isRuleSet(set))
    throw new InvalidAutomationPlan({
      field: "rules",
      reason: "must be a rule list made with Automation.rules or Automation.decodeRules",
    })
  if (!(options.calendar instanceof Calendar.Calendar))
    throw new InvalidAutomationPlan({
      field: "calendar",
      reason: `must be a calendar made with Calendar.make, received ${describe(options.calendar)}`,
    })
  const rules = set.rules
  const needsSla = rules.some((r) => r.when.sla !== undefined)
  const needsFollowUp = rules.some((r) => r.when.followUp !== undefined)
  if (needsSla && (typeof options.sla !== "object" || options.sla === null))
    throw new InvalidAutomationPlan({
      field: "sla",
      reason: "a rule has an sla condition: give { policies } (and the status, when evaluated already)",
    })
  if (needsFollowUp && (typeof options.followUp !== "object" || options.followUp === null))
    throw new InvalidAutomationPlan({
      field: "followUp",
      reason: "a rule has a followUp condition: give { policy } (and the plan, when made already)",
    })
  const list = Array.isArray(events) ? (events as ReadonlyArray<TicketEvent>) : [...events]
  const f = gather(list, now, set, compiledOf(set))
  const ticket = f.ticket
  if (!ticket.exists || ticket.status === "closed" || ticket.mergedInto !== undefined)
    return { due: [], nextDueAt: undefined }
  const sla = needsSla ? slaStatus(list, options, now) : undefined
  const followUps = needsFollowUp ? followUpPlan(list, options, now, sla) : undefined
  const due: Array<Firing> = []
  let next = Number.POSITIVE_INFINITY
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!
    const since = f.ticketSince[r]!
    if (since === -1) continue // the ticket condition changes only with an event
    const parts = [`t${since}`]
    let from = f.ticketSinceAt[r]!
    const w = rule.when
    if (w.inStatus !== undefined) {
      parts.push(`s${f.statusSince[0]}`)
      from = Math.max(from, reached(options.calendar, f.statusSince[1], w.inStatus))
    }
    if (w.noReply !== undefined) {
      const last = lastReply(f, w.noReply.from)
      parts.push(`r${last[0]}`)
      from = Math.max(from, reached(options.calendar, last[1], w.noReply))
    }
    if (w.sla !== undefined) {
      const found = slaPart(sla!, w.sla, now)
      if (found.anchor === undefined) {
        next = sooner(next, Math.max(found.at, from), now)
        continue
      }
      parts.push(found.anchor)
      from = Math.max(from, found.at)
    }
    if (w.followUp !== undefined) {
      const task = followUps!.tasks.find(
        (t) =>
          t.kind === w.followUp!.kind &&
          (t.state === "overdue" || (w.followUp!.state === "due" && t.state === "due")),
      )
      if (task === undefined) {
        // The follow-up plan changes next at its nextDueAt: look again then (perhaps early).
        next = sooner(next, Math.max(followUps!.nextDueAt?.getTime() ?? Number.POSITIVE_INFINITY, from), now)
        continue
      }
      parts.push(`f:${task.id.startsWith(`${ticket.id}/`) ? task.id.slice(ticket.id.length + 1) : task.id}`)
      from = Math.max(from, task.dueAt.getTime())
    }
    if (from > now) {
      next = sooner(next, from, now)
      continue
    }
    const id = `${ticket.id}/${rule.id}/${parts.join("+")}`
    if (f.applied.has(id)) continue
    due.push(firingOf(rule, id, ticket, set, now, from))
  }
  return { due, nextDueAt: next === Number.POSITIVE_INFINITY ? undefined : new Date(next) }
}

/** The earlier of `next` and `at`, where `at` counts only after `now`. */
const sooner = (next: number, at: number, now: number): number => (at > now && at < next ? at : next)

/** Each rule's ticket condition compiled, and the event types that may change its answer. */
interface Compiled {
  readonly matchers: ReadonlyArray<Matcher>
  readonly masks: Int32Array
}

const compiledSets = new WeakMap<RuleSet, Compiled>()

/** The rules' ticket conditions, compiled once per rule set. */
const compiledOf = (set: RuleSet): Compiled => {
  let c = compiledSets.get(set)
  if (c === undefined) {
    c = {
      matchers: set.rules.map((r) => (r.when.ticket === undefined ? always : matcherOf(r.when.ticket))),
      masks: Int32Array.from(set.rules, (r) => (r.when.ticket === undefined ? 0 : changesOn(r.when.ticket))),
    }
    compiledSets.set(set, c)
  }
  return c
}

/** The instant a time condition counted from `start` holds. */
const reached = (calendar: Calendar.Calendar, start: number, e: Elapsed): number =>
  Calendar.addBusinessMs(e.hours === "calendar" ? Calendar.always : calendar, start, e.ms)

const lastReply = (f: Facts, from: "agent" | "customer" | "anyone"): readonly [number, number] => {
  const opened: readonly [number, number] = [0, f.openedAt]
  const agent = f.lastAgentReply ?? opened
  const customer = f.lastCustomerMessage ?? opened
  if (from === "agent") return agent
  if (from === "customer") return customer
  return agent[0] >= customer[0] ? agent : customer
}

const slaStatus = (events: ReadonlyArray<TicketEvent>, options: PlanOptions, now: number): Sla.SlaStatus => {
  const given = options.sla!
  if (given.status !== undefined) return given.status
  const { status: _, ...rest } = given
  return Sla.evaluate(events, {
    ...rest,
    calendar: options.calendar,
    now,
    vocabulary: options.rules.vocabulary,
  })
}

const followUpPlan = (
  events: ReadonlyArray<TicketEvent>,
  options: PlanOptions,
  now: number,
  sla: Sla.SlaStatus | undefined,
): FollowUp.FollowUpPlan => {
  const given = options.followUp!
  if (given.plan !== undefined) return given.plan
  return FollowUp.plan(events, {
    policy: given.policy,
    calendar: options.calendar,
    now,
    vocabulary: options.rules.vocabulary,
    ...(options.sla === undefined
      ? {}
      : { sla: { ...options.sla, ...(sla === undefined ? {} : { status: sla }) } }),
  })
}

/**
 * The first open clock (running or paused) satisfying an `sla` condition: its anchor
 * (`metric.cycle`) and the instant it began to hold; with no anchor, `at` is the earliest instant
 * one will (infinity: none while nothing happens).
 */
const slaPart = (
  status: Sla.SlaStatus,
  cond: NonNullable<Rule["when"]["sla"]>,
  now: number,
): { readonly anchor: string | undefined; readonly at: number } => {
  let soonest = Number.POSITIVE_INFINITY
  for (const c of status.clocks) {
    if (cond.metric !== undefined && c.metric !== cond.metric) continue
    if (c.stoppedAt !== undefined) continue
    if (cond.state === "breached") {
      if (c.status === "breached") return { anchor: `${c.metric}.${c.cycle}`, at: c.breachedAt!.getTime() }
      if (c.dueAt !== undefined) soonest = Math.min(soonest, c.dueAt.getTime() + 1)
    } else {
      const w = c.warnings.find((x) => cond.threshold === undefined || x.threshold === cond.threshold)
      if (w === undefined) continue
      if (w.reached && w.at !== undefined) return { anchor: `${c.metric}.${c.cycle}`, at: w.at.getTime() }
      if (w.at !== undefined && w.at.getTime() > now) soonest = Math.min(soonest, w.at.getTime())
    }
  }
  return { anchor: undefined, at: soonest }
}

const isCategory = (name: string): boolean => (ticketStatuses as ReadonlyArray<string>).includes(name)

/** The rule's actions as commands on `ticket` at `now`, and its notifications. */
const firingOf = (
  rule: Rule,
  id: string,
  ticket: OpenedTicket,
  set: RuleSet,
  now: number,
  since: number,
): Firing => {
  const at = new Date(now)
  const base = { ticketId: ticket.id, at }
  const commands: Array<TicketCommand> = []
  const notifications: Array<Notification> = []
  let priority = ticket.priority
  rule.actions.forEach((action: Action, k) => {
    switch (action.do) {
      case "setPriority":
      case "raisePriority": {
        const order = set.vocabulary.priorities
        const i = order.indexOf(priority)
        const target =
          action.do === "setPriority"
            ? action.priority
            : i < 0
              ? undefined
              : order[Math.min(order.length - 1, i + (action.steps ?? 1))]
        if (target !== undefined && target !== priority) {
          commands.push({ ...base, type: "ChangePriority", priority: target })
          priority = target
        }
        return
      }
      case "assign":
        commands.push({
          ...base,
          type: "AssignTicket",
          ...(action.agent === undefined ? {} : { agentId: action.agent }),
          ...(action.group === undefined ? {} : { groupId: action.group }),
        })
        return
      case "addTags":
        commands.push({ ...base, type: "AddTags", tags: action.tags })
        return
      case "removeTags":
        commands.push({ ...base, type: "RemoveTags", tags: action.tags })
        return
      case "setField":
        commands.push({ ...base, type: "SetField", field: action.field, value: action.value })
        return
      case "clearField":
        commands.push({ ...base, type: "ClearField", field: action.field })
        return
      case "setStatus":
        commands.push(
          isCategory(action.status)
            ? { ...base, type: "ChangeStatus", status: action.status as OpenedTicket["status"] }
            : { ...base, type: "ChangeStatus", customStatus: action.status },
        )
        return
      case "notify":
        notifications.push({
          id: `${id}/notify${k}`,
          firingId: id,
          ticketId: ticket.id,
          ruleId: rule.id,
          to: action.to,
          kind: action.kind,
          ...(action.message === undefined ? {} : { message: action.message }),
          requesterId: ticket.requester.id,
        })
        return
    }
  })
  return {
    id,
    ticketId: ticket.id,
    ruleId: rule.id,
    since: new Date(since),
    commands,
    record: { ...base, type: "RecordAutomation", firingId: id, ruleId: rule.id },
    notifications,
  }
}
