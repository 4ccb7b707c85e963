// ServiceLevel: make checks its parts; evaluate and plan agree with Sla.evaluate and
// FollowUp.plan given the same parts. Plus the public signatures of the follow-up module.
import type * as Result from "effect/Result"
import { Calendar, FollowUp, ServiceLevel, Sla, type Ticket } from "servicekit"
import { describe, expect, expectTypeOf, it } from "vitest"
import { fri, office, story, thu, tue, wed } from "./story.js"

const sla = [
  Sla.policy({
    id: "gold",
    when: { priority: ["urgent", "high"] },
    targets: { urgent: { firstReply: "PT30M", nextReply: "PT1H" }, high: { firstReply: "PT1H" } },
    warnAt: [0.5],
  }),
  Sla.policy({
    id: "std",
    targets: { normal: { firstReply: "PT2H", periodicUpdate: "PT9H", resolution: "PT27H" } },
    warnAt: [0.75],
  }),
]
const followUp = FollowUp.policy({
  acknowledge: { within: "PT15M" },
  keepInformed: { every: "PT9H" },
  promises: { remindBefore: "PT1H" },
  chases: { escalateAfter: 2 },
  checkIn: { after: "PT27H" },
  survey: { kind: "csat", after: "PT2H", hours: "calendar" },
  escalateOnSla: {},
})
const parts = { name: "Standard", calendar: office, channels: ["email", "web"], sla, followUp } as const

const fieldOf = (level: unknown): string | undefined => {
  try {
    ServiceLevel.make(level as ServiceLevel.ServiceLevel)
  } catch (e) {
    expect(e).toBeInstanceOf(FollowUp.InvalidPlan)
    return (e as FollowUp.InvalidPlan).field
  }
  return undefined
}

describe("ServiceLevel.make", () => {
  it("returns the service level with its parts", () => {
    const level = ServiceLevel.make(parts)
    expect(level).toEqual(parts)
    expect(level.name).toBe("Standard")
    expect(level.channels).toEqual(["email", "web"])
  })

  it("is the same namespace from the root and from FollowUp", () => {
    expect(FollowUp.ServiceLevel.make).toBe(ServiceLevel.make)
  })

  it.each([
    ["an empty name", { name: "" }, "name"],
    ["a missing name", { name: undefined }, "name"],
    ["a numeric name", { name: 7 }, "name"],
    ["a calendar spec", { calendar: { timeZone: "Europe/Rome", hours: {} } }, "calendar"],
    ["a missing calendar", { calendar: undefined }, "calendar"],
    ["no channels", { channels: [] }, "channels"],
    ["channels as a string", { channels: "email" }, "channels"],
    ["an SLA spec instead of a policy", { sla: [{ id: "x", targets: {} }] }, "sla[0]"],
    ["a second bad SLA policy", { sla: [sla[0], "gold"] }, "sla[1]"],
    ["a follow-up spec instead of a policy", { followUp: { acknowledge: { within: "PT15M" } } }, "followUp"],
    ["a missing follow-up policy", { followUp: undefined }, "followUp"],
  ])("refuses %s, naming the field", (_name, change, field) => {
    expect(fieldOf({ ...parts, ...change })).toBe(field)
  })

  it("accepts no SLA policies (follow-ups only)", () => {
    expect(ServiceLevel.make({ ...parts, sla: [] }).sla).toEqual([])
  })
})

describe("ServiceLevel.evaluate and ServiceLevel.plan agree with Sla.evaluate and FollowUp.plan", () => {
  const level = ServiceLevel.make(parts)
  const histories: ReadonlyArray<readonly [string, ReadonlyArray<Ticket.TicketEvent>]> = [
    ["a fresh ticket", story().opened(tue("17:30")).events],
    [
      "a week of work with a promise, chases and a solve",
      story()
        .opened(tue("09:00"))
        .reply(tue("09:20"))
        .promise(tue("09:30"), "cb", tue("15:00"))
        .chase(tue("16:00"))
        .chase(wed("10:00"))
        .reply(wed("11:00"))
        .status(wed("12:00"), "pending")
        .message(thu("10:00"))
        .status(thu("10:00"), "open")
        .solved(thu("15:00")).events,
    ],
    [
      "an urgent ticket (gold policy)",
      story()
        .opened(tue("10:00"), { priority: "urgent", requester: { id: "c-9", timeZone: "Asia/Tokyo" } })
        .message(tue("10:05")).events,
    ],
    ["a merged ticket", story().opened(tue("10:00")).merged(tue("10:30"), "T-2").events],
  ]
  const nows = [tue("09:10"), tue("10:20"), tue("18:00"), wed("09:45"), thu("12:00"), fri("16:00")]

  it.each(histories)("%s", (_name, events) => {
    for (const now of nows) {
      expect(ServiceLevel.evaluate(level, events, now)).toEqual(
        Sla.evaluate(events, { policies: sla, calendar: office, now }),
      )
      expect(ServiceLevel.plan(level, events, now)).toEqual(
        FollowUp.plan(events, { policy: followUp, calendar: office, now, sla: { policies: sla } }),
      )
      expect(ServiceLevel.plan(level, events, now.getTime())).toEqual(ServiceLevel.plan(level, events, now))
    }
  })

  it("escalates SLA warnings and breaches of the level's policies", () => {
    const events = story().opened(tue("17:30")).events
    const ids = ServiceLevel.plan(level, events, tue("17:40")).tasks.map((t) => t.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        "T-1/slaWarning/firstReply#1/0.75",
        "T-1/slaBreach/firstReply#1",
        "T-1/acknowledge",
      ]),
    )
  })

  it("runs in the level's calendar", () => {
    const always = ServiceLevel.make({ ...parts, calendar: Calendar.always })
    const events = story().opened(fri("17:50")).events
    expect(
      ServiceLevel.plan(always, events, fri("17:55")).tasks.find((t) => t.kind === "acknowledge")?.dueAt,
    ).toEqual(fri("18:05"))
  })
})

describe("the public follow-up API types", () => {
  it("types policy, decodePolicy and plan", () => {
    expectTypeOf(FollowUp.policy).toEqualTypeOf<
      (spec: FollowUp.FollowUpPolicySpec, options?: FollowUp.FollowUpPolicyOptions) => FollowUp.FollowUpPolicy
    >()
    expectTypeOf(FollowUp.decodePolicy).toEqualTypeOf<
      (
        input: unknown,
        options?: FollowUp.FollowUpPolicyOptions,
      ) => Result.Result<FollowUp.FollowUpPolicy, FollowUp.InvalidFollowUpPolicy>
    >()
    expectTypeOf(FollowUp.plan).toEqualTypeOf<
      (events: Iterable<Ticket.TicketEvent>, options: FollowUp.PlanOptions) => FollowUp.FollowUpPlan
    >()
  })

  it("types the plan options and the plan", () => {
    expectTypeOf<FollowUp.PlanOptions["now"]>().toEqualTypeOf<Date | number>()
    expectTypeOf<FollowUp.PlanOptions["calendar"]>().toEqualTypeOf<Calendar.Calendar>()
    // A policy, or an ordered list of policies whose `when` picks the first match.
    expectTypeOf<FollowUp.PlanOptions["policy"]>().toEqualTypeOf<
      FollowUp.FollowUpPolicy | ReadonlyArray<FollowUp.FollowUpPolicy>
    >()
    expectTypeOf<FollowUp.PlanOptions>()
      .toHaveProperty("sla")
      .toEqualTypeOf<FollowUp.PlanSlaOptions | undefined>()
    expectTypeOf<FollowUp.PlanSlaOptions["status"]>().toEqualTypeOf<Sla.SlaStatus | undefined>()
    expectTypeOf<FollowUp.FollowUpPlan["tasks"]>().toEqualTypeOf<ReadonlyArray<FollowUp.FollowUpTask>>()
    expectTypeOf<FollowUp.FollowUpPlan["nextDueAt"]>().toEqualTypeOf<Date | undefined>()
  })

  it("types a task", () => {
    expectTypeOf<FollowUp.FollowUpTask["id"]>().toEqualTypeOf<string>()
    expectTypeOf<FollowUp.FollowUpTask["ticketId"]>().toEqualTypeOf<string>()
    expectTypeOf<FollowUp.FollowUpTask["kind"]>().toEqualTypeOf<FollowUp.TaskKind>()
    expectTypeOf<FollowUp.FollowUpTask["dueAt"]>().toEqualTypeOf<Date>()
    expectTypeOf<FollowUp.FollowUpTask["state"]>().toEqualTypeOf<FollowUp.TaskState>()
    expectTypeOf<FollowUp.FollowUpTask["reason"]>().toEqualTypeOf<string>()
    expectTypeOf<FollowUp.FollowUpTask>().toHaveProperty("promiseId").toEqualTypeOf<string | undefined>()
    expectTypeOf<FollowUp.FollowUpTask>().toHaveProperty("doneAt").toEqualTypeOf<Date | undefined>()
    expectTypeOf<FollowUp.TaskState>().toEqualTypeOf<"scheduled" | "due" | "overdue" | "done" | "cancelled">()
    expectTypeOf<FollowUp.TaskKind>().toEqualTypeOf<
      | "acknowledge"
      | "keepInformed"
      | "promiseReminder"
      | "promiseOverdue"
      | "chaseEscalation"
      | "checkIn"
      | "survey"
      | "slaWarning"
      | "slaBreach"
    >()
  })

  it("keeps a plan read-only", () => {
    const mutate = (plan: FollowUp.FollowUpPlan) => {
      // @ts-expect-error the plan is immutable
      plan.nextDueAt = undefined
      // @ts-expect-error the tasks are read-only
      plan.tasks.push(plan.tasks[0]!)
      // @ts-expect-error a task is immutable
      plan.tasks[0]!.state = "done"
    }
    expectTypeOf(mutate).toBeFunction()
  })

  it("types the policy spec and the policy", () => {
    expectTypeOf<FollowUp.Hours>().toEqualTypeOf<"business" | "calendar">()
    expectTypeOf<
      NonNullable<FollowUp.FollowUpPolicySpec["survey"]>["kind"]
    >().toEqualTypeOf<Ticket.SurveyKind>()
    expectTypeOf<FollowUp.FollowUpPolicy["graceMs"]>().toEqualTypeOf<number>()
    expectTypeOf<FollowUp.FollowUpPolicy["acknowledge"]>().toEqualTypeOf<
      { readonly withinMs: number; readonly hours: FollowUp.Hours } | undefined
    >()
    const refused = () =>
      // @ts-expect-error a survey kind outside csat, nps, ces
      FollowUp.policy({ survey: { kind: "nss", after: "PT2H" } })
    expectTypeOf(refused).toBeFunction()
  })

  it("types the errors", () => {
    expectTypeOf<FollowUp.InvalidPlan["field"]>().toEqualTypeOf<string>()
    expectTypeOf<FollowUp.InvalidPlan["_tag"]>().toEqualTypeOf<"InvalidPlan">()
    expectTypeOf<FollowUp.InvalidFollowUpPolicy["_tag"]>().toEqualTypeOf<"InvalidFollowUpPolicy">()
    expectTypeOf<FollowUp.InvalidFollowUpPolicy["issues"][number]>().toEqualTypeOf<{
      readonly path: string
      readonly message: string
    }>()
  })

  it("types the service level", () => {
    expectTypeOf(ServiceLevel.make).toEqualTypeOf<
      (level: ServiceLevel.ServiceLevel) => ServiceLevel.ServiceLevel
    >()
    expectTypeOf(ServiceLevel.evaluate).toEqualTypeOf<
      (
        level: ServiceLevel.ServiceLevel,
        events: Iterable<Ticket.TicketEvent>,
        now: Date | number,
      ) => Sla.SlaStatus
    >()
    expectTypeOf(ServiceLevel.plan).toEqualTypeOf<
      (
        level: ServiceLevel.ServiceLevel,
        events: Iterable<Ticket.TicketEvent>,
        now: Date | number,
      ) => FollowUp.FollowUpPlan
    >()
    expectTypeOf<ServiceLevel.ServiceLevel["channels"]>().toEqualTypeOf<ReadonlyArray<Ticket.Channel>>()
    expectTypeOf<ServiceLevel.ServiceLevel["sla"]>().toEqualTypeOf<ReadonlyArray<Sla.Policy>>()
    expectTypeOf<ServiceLevel.ServiceLevel["followUp"]>().toEqualTypeOf<FollowUp.FollowUpPolicy>()
    expectTypeOf<ServiceLevel.ServiceLevel["calendar"]>().toEqualTypeOf<Calendar.Calendar>()
  })
})
