// Internal: one ticket's history folded for the metrics — its facts, and with policies its SLA
// clocks and follow-up tasks.
import type { Calendar } from "../calendar/index.js"
import * as FollowUp from "../followup/index.js"
import * as Sla from "../sla/index.js"
import type { TicketEvent, Vocabulary } from "../ticket/index.js"
import { InvalidMetrics } from "./errors.js"
import { readFacts, type TicketFacts } from "./facts.js"

/** What {@link foldTicket} reads a history with. */
export interface FoldOptions {
  readonly calendar: Calendar
  readonly now: number
  /** The SLA policies (as for `Sla.evaluate`, without `now`, `calendar` and `vocabulary`): SLA achievement. */
  readonly sla: Omit<Sla.EvaluateOptions, "now" | "calendar" | "vocabulary"> | undefined
  /** `sla` with `now` and `calendar`, made once by the caller. */
  readonly evaluation: Sla.EvaluateOptions | undefined
  /** A follow-up policy: follow-ups done on time. */
  readonly followUp: FollowUp.FollowUpPolicy | undefined
  /** The desk's words the events are checked against (by the facts, the SLA clocks and the plan). */
  readonly vocabulary: Vocabulary
}

/**
 * Reads one ticket's history into `f` as {@link readFacts} does, then, with SLA policies or a
 * follow-up policy, evaluates the clocks and plans the follow-ups into `f`'s lists. Returns false
 * when there is no opened ticket. Throws InvalidMetrics naming the field (`events[i]…`, `sla.…`).
 */
export const foldTicket = (f: TicketFacts, events: Iterable<TicketEvent>, o: FoldOptions): boolean => {
  const list = o.sla !== undefined || o.followUp !== undefined ? toList(events) : events
  if (!readFacts(f, list, o.calendar, o.now, "events", o.vocabulary)) return false
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
        vocabulary: o.vocabulary,
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
    // Running, paused and cancelled clocks (a cancel or reset condition ended them) count in neither.
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
