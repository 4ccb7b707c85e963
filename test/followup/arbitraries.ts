// Random ticket histories, follow-up policies and calendars for the follow-up properties.
import fc from "fast-check"
import { Calendar, FollowUp, Sla, type Ticket } from "servicekit"
import { office } from "./story.js"

const MINUTE = 60_000

export interface CalendarCase {
  readonly name: string
  readonly calendar: Calendar.Calendar
}

const ny = Calendar.make({
  timeZone: "America/New_York",
  hours: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["09:00-12:30", "13:30-17:00"]]),
  ),
  holidays: ["2025-07-04", "2025-11-27"],
})

/** A calendar case prints as its name in fast-check counterexamples (not its compiled tables). */
const named = (name: string, calendar: Calendar.Calendar): CalendarCase =>
  Object.assign({ name, calendar }, { [fc.toStringMethod]: () => JSON.stringify(name) })

export const calendars: ReadonlyArray<CalendarCase> = [
  named("Rome office", office),
  named("New York office with lunch", ny),
  named("24/7", Calendar.always),
]

export const arbCalendar: fc.Arbitrary<CalendarCase> = fc.constantFrom(...calendars)

const hours = fc.constantFrom<FollowUp.Hours>("business", "calendar")
const positive = fc.constantFrom("PT1M", "PT15M", "PT1H", "PT4H", "PT9H", "PT27H", "P1D", 2 * 3_600_000 + 1)

/** Every practice, each present or not, with positive durations. */
export const arbPolicy: fc.Arbitrary<FollowUp.FollowUpPolicy> = fc
  .record(
    {
      acknowledge: fc.record({ within: positive, hours }),
      keepInformed: fc.record({ every: positive, hours }),
      promises: fc.record({ remindBefore: fc.constantFrom(0, "PT15M", "PT1H", "P1D") }),
      chases: fc.record({ escalateAfter: fc.integer({ min: 1, max: 3 }) }),
      checkIn: fc.record({ after: positive, hours }),
      survey: fc.record({
        kind: fc.constantFrom<Ticket.SurveyKind>("csat", "nps", "ces"),
        after: fc.constantFrom(0, "PT2H", "PT27H"),
        hours,
        quietHours: fc.constantFrom({ from: "21:00", to: "08:00" }, { from: "01:00", to: "05:00" }),
      }),
      escalateOnSla: fc.record({ warnAt: fc.boolean(), onBreach: fc.boolean() }),
      grace: fc.constantFrom(0, "PT15M", "PT1H", "P1D"),
    },
    { requiredKeys: [] },
  )
  .map((spec) => FollowUp.policy(spec))

/**
 * SLA policies for escalateOnSla. Two kinds of target are left out, because a clock that
 * stands exactly at its target moves its breach escalation's dueAt with `now` (see
 * findings.test.ts, which pins both down): a target or threshold that is a whole number of the
 * calendars' business days (the clock stops at a closing time), and a calendar-hours target
 * (`now` can land exactly on the target instant).
 */
export const slaPolicies: ReadonlyArray<Sla.Policy> = [
  Sla.policy({
    id: "urgent",
    when: { priority: ["urgent", "high"] },
    targets: {
      urgent: { firstReply: "PT30M", nextReply: "PT1H", resolution: "PT5H" },
      high: { firstReply: "PT1H", periodicUpdate: "PT4H", pausableUpdate: "PT2H15M" },
    },
    warnAt: [0.5],
  }),
  Sla.policy({
    id: "std",
    targets: {
      normal: { firstReply: "PT2H15M", nextReply: "PT4H", requesterWait: "PT13H", agentWork: "PT11H" },
      low: { firstReply: "PT5H", resolution: "PT13H" },
    },
    warnAt: [0.5, 0.8],
  }),
]

export type Step =
  | { readonly kind: "reply" | "message" | "note" | "chase" }
  | { readonly kind: "status"; readonly status: Ticket.TicketStatus }
  | { readonly kind: "priority"; readonly priority: Ticket.Priority }
  | { readonly kind: "promise"; readonly promiseId: string; readonly dueInMin: number }
  | { readonly kind: "kept"; readonly promiseId: string }
  | { readonly kind: "answer"; readonly survey: Ticket.SurveyKind }
  | { readonly kind: "merged" }
  | { readonly kind: "sent"; readonly taskId: string }

const promiseId = fc.constantFrom("p1", "p2", "p3")

export const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constantFrom<Step>({ kind: "reply" }, { kind: "message" }, { kind: "note" }), weight: 8 },
  { arbitrary: fc.constant<Step>({ kind: "chase" }), weight: 2 },
  {
    arbitrary: fc
      .constantFrom<Ticket.TicketStatus>("open", "pending", "onHold", "solved", "solved", "closed", "new")
      .map((status): Step => ({ kind: "status", status })),
    weight: 5,
  },
  {
    arbitrary: fc
      .constantFrom<Ticket.Priority>("low", "normal", "high", "urgent")
      .map((priority): Step => ({ kind: "priority", priority })),
    weight: 1,
  },
  {
    arbitrary: fc
      .record({ promiseId, dueInMin: fc.integer({ min: -30, max: 3 * 24 * 60 }) })
      .map((p): Step => ({ kind: "promise", ...p })),
    weight: 2,
  },
  { arbitrary: promiseId.map((id): Step => ({ kind: "kept", promiseId: id })), weight: 1 },
  {
    arbitrary: fc
      .constantFrom<Ticket.SurveyKind>("csat", "nps", "ces")
      .map((survey): Step => ({ kind: "answer", survey })),
    weight: 1,
  },
  // FollowUpSent for ids the plan is likely to give (they are deterministic).
  {
    arbitrary: fc
      .constantFrom(
        "T-1/promiseReminder/p1",
        "T-1/promiseOverdue/p2",
        "T-1/chaseEscalation/1",
        "T-1/chaseEscalation/2",
        "T-1/survey/csat",
        "T-1/survey/nps",
        "T-1/slaBreach/firstReply#1",
        "T-1/slaWarning/firstReply#1/0.5",
        "T-1/unknown",
      )
      .map((taskId): Step => ({ kind: "sent", taskId })),
    weight: 1,
  },
)

/** Gaps between events in ms: sometimes none (events sharing an instant), up to days. */
const gapWithTies = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 90 * MINUTE }), weight: 5 },
  { arbitrary: fc.integer({ min: 90 * MINUTE, max: 3 * 24 * 60 * MINUTE }), weight: 2 },
)
const gapDistinct = fc.integer({ min: 1, max: 2 * 24 * 60 * MINUTE })

export interface History {
  readonly events: ReadonlyArray<Ticket.TicketEvent>
  /** The instant of the last event. */
  readonly end: number
}

const zones = [undefined, "Europe/Rome", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe"] as const

/** The events of `steps` on ticket T-1, the first one `gap` after `start`; returns them and the last instant. */
export const stepEvents = (start: number, steps: ReadonlyArray<readonly [Step, number]>): History => {
  const ticketId = "T-1"
  const events: Array<Ticket.TicketEvent> = []
  let t = start
  for (const [step, gap] of steps) {
    t += gap
    const at = new Date(t)
    switch (step.kind) {
      case "reply":
        events.push({ type: "AgentReplied", ticketId, at, agentId: "a-1" })
        break
      case "message":
        events.push({ type: "CustomerMessaged", ticketId, at })
        break
      case "note":
        events.push({ type: "NoteAdded", ticketId, at, agentId: "a-2" })
        break
      case "chase":
        events.push({ type: "CustomerChased", ticketId, at })
        break
      case "status":
        events.push({ type: "StatusChanged", ticketId, at, status: step.status })
        break
      case "priority":
        events.push({ type: "PriorityChanged", ticketId, at, priority: step.priority })
        break
      case "promise":
        events.push({
          type: "PromiseMade",
          ticketId,
          at,
          promiseId: step.promiseId,
          dueAt: new Date(t + step.dueInMin * MINUTE),
          summary: `promise ${step.promiseId}`,
        })
        break
      case "kept":
        events.push({ type: "PromiseKept", ticketId, at, promiseId: step.promiseId })
        break
      case "answer":
        events.push({ type: "SurveyAnswered", ticketId, at, survey: step.survey, score: 4 })
        break
      case "merged":
        events.push({ type: "TicketMerged", ticketId, at, into: "T-2" })
        break
      case "sent":
        events.push({
          type: "FollowUpSent",
          ticketId,
          at,
          taskId: step.taskId,
          kind: step.taskId.split("/")[1]!,
        })
        break
    }
  }
  return { events, end: t }
}

const toEvents = (
  start: number,
  opening: {
    readonly openedBy: Ticket.OpenedBy
    readonly zone: string | undefined
    readonly priority: Ticket.Priority
  },
  steps: ReadonlyArray<readonly [Step, number]>,
): History => {
  const opened: Ticket.TicketEvent = {
    type: "TicketOpened",
    ticketId: "T-1",
    at: new Date(start),
    channel: "email",
    priority: opening.priority,
    requester: opening.zone === undefined ? { id: "c-1" } : { id: "c-1", timeZone: opening.zone },
    openedBy: opening.openedBy,
  }
  const rest = stepEvents(start, steps)
  return { events: [opened, ...rest.events], end: rest.end }
}

const arbHistoryWith = (gap: fc.Arbitrary<number>, maxSteps: number): fc.Arbitrary<History> =>
  fc
    .record({
      // 20 March – 20 November 2025: both DST changes of Europe and the US, the Lord Howe ones.
      start: fc.integer({ min: Date.UTC(2025, 2, 20), max: Date.UTC(2025, 10, 20) }),
      openedBy: fc.constantFrom<Ticket.OpenedBy>("customer", "customer", "agent"),
      zone: fc.constantFrom(...zones),
      priority: fc.constantFrom<Ticket.Priority>("low", "normal", "high", "urgent"),
      steps: fc.array(fc.tuple(arbStep, gap), { maxLength: maxSteps }),
    })
    .map((r) => toEvents(r.start, r, r.steps))

/** A random history; events may share an instant. */
export const arbHistory: fc.Arbitrary<History> = arbHistoryWith(gapWithTies, 24)

/** A random history whose events all have distinct instants. */
export const arbDistinctHistory: fc.Arbitrary<History> = arbHistoryWith(gapDistinct, 24)

/** An instant to plan at: inside the history (so that some events lie after it) or after it. */
export const arbNow = (h: History): fc.Arbitrary<number> => {
  const start = h.events[0]!.at.getTime()
  return fc.oneof(
    fc.integer({ min: start, max: h.end }),
    fc.integer({ min: h.end, max: h.end + 5 * 24 * 60 * MINUTE }),
    fc.constantFrom(...h.events.map((e) => e.at.getTime())),
  )
}

export interface Case {
  readonly history: History
  readonly now: number
  readonly policy: FollowUp.FollowUpPolicy
  readonly cal: CalendarCase
}

const anyCase = (history: fc.Arbitrary<History>): fc.Arbitrary<Case> =>
  history.chain((h) =>
    fc.record({ history: fc.constant(h), now: arbNow(h), policy: arbPolicy, cal: arbCalendar }),
  )

/**
 * A random case; half the time `now` is moved near the due time of one of its tasks (within
 * twice the grace), so that the short due windows of timed actions are reached often.
 */
export const arbCase = (history: fc.Arbitrary<History> = arbHistory): fc.Arbitrary<Case> =>
  anyCase(history).chain((c) => {
    const dues = planCase(c, c.history.events, c.history.end + 10 * 24 * 60 * MINUTE).tasks.map((t) =>
      t.dueAt.getTime(),
    )
    if (dues.length === 0) return fc.constant(c)
    const grace = Math.max(c.policy.graceMs, MINUTE)
    const opened = c.history.events[0]!.at.getTime()
    return fc.oneof(
      fc.constant(c),
      fc
        .tuple(fc.constantFrom(...dues), fc.integer({ min: -grace, max: 2 * grace }))
        .map(([due, offset]): Case => ({ ...c, now: Math.max(opened, due + offset) })),
    )
  })

/** Plans a case (with the SLA policies, for escalateOnSla). */
export const planCase = (
  c: Case,
  events: ReadonlyArray<Ticket.TicketEvent> = c.history.events,
  now: number = c.now,
): FollowUp.FollowUpPlan =>
  FollowUp.plan(events, { policy: c.policy, calendar: c.cal.calendar, now, sla: { policies: slaPolicies } })
