import * as Result from "effect/Result"
import { type Calendar, Sla, Ticket } from "servicekit"
import { describe, expect, expectTypeOf, it } from "vitest"

describe("the public SLA API types", () => {
  it("types evaluate and evaluateState", () => {
    expectTypeOf(Sla.evaluate).toEqualTypeOf<{
      (events: Iterable<Ticket.TicketEvent>, options: Sla.EvaluateOptions): Sla.SlaStatus
      (events: Iterable<Ticket.TicketEvent>, options: Sla.AgreementsOptions): Sla.AgreementsStatus
    }>()
    expectTypeOf(Sla.evaluateState).toEqualTypeOf<
      (state: Sla.SlaState, options: Sla.EvaluateOptions) => Sla.SlaStatus
    >()
  })

  it("takes now as a Date or epoch ms, and one calendar or one per ticket", () => {
    expectTypeOf<Sla.EvaluateOptions["now"]>().toEqualTypeOf<Date | number>()
    expectTypeOf<Sla.EvaluateOptions["calendar"]>().toEqualTypeOf<
      Calendar.Calendar | ((ticket: Ticket.OpenedTicket) => Calendar.Calendar)
    >()
    expectTypeOf<Sla.EvaluateOptions["policies"]>().toEqualTypeOf<ReadonlyArray<Sla.Policy>>()
    expectTypeOf<Sla.EvaluateOptions>()
      .toHaveProperty("clocks")
      .toEqualTypeOf<ReadonlyArray<Sla.ClockDefinition> | undefined>()
  })

  it("reports the status of DESIGN.md", () => {
    expectTypeOf<Sla.SlaStatus["policyId"]>().toEqualTypeOf<string | null>()
    expectTypeOf<Sla.SlaStatus["nextChangeAt"]>().toEqualTypeOf<Date | undefined>()
    expectTypeOf<Sla.SlaStatus["clocks"]>().toEqualTypeOf<ReadonlyArray<Sla.ClockStatus>>()
    expectTypeOf<Sla.ClockStatus["status"]>().toEqualTypeOf<
      "running" | "paused" | "achieved" | "breached" | "cancelled"
    >()
    expectTypeOf<Sla.ClockStatus["startedAt"]>().toEqualTypeOf<Date>()
    expectTypeOf<Sla.ClockStatus>().toHaveProperty("dueAt").toEqualTypeOf<Date | undefined>()
    expectTypeOf<Sla.ClockStatus>().toHaveProperty("stoppedAt").toEqualTypeOf<Date | undefined>()
    expectTypeOf<Sla.ClockStatus>().toHaveProperty("breachedAt").toEqualTypeOf<Date | undefined>()
    expectTypeOf<Sla.ClockStatus["elapsedMs"]>().toEqualTypeOf<number>()
    expectTypeOf<Sla.ClockStatus["targetMs"]>().toEqualTypeOf<number>()
    expectTypeOf<Sla.ClockStatus["remainingMs"]>().toEqualTypeOf<number>()
    expectTypeOf<Sla.ClockStatus["metric"]>().toEqualTypeOf<string>()
    expectTypeOf<Sla.ClockStatus["warnings"]>().toEqualTypeOf<ReadonlyArray<Sla.Warning>>()
    expectTypeOf<Sla.Warning>().toHaveProperty("at").toEqualTypeOf<Date | undefined>()
  })

  it("keeps a status read-only", () => {
    const mutate = (status: Sla.SlaStatus) => {
      // @ts-expect-error the status is immutable
      status.policyId = "other"
      // @ts-expect-error the clocks are read-only
      status.clocks.push(status.clocks[0]!)
    }
    expectTypeOf(mutate).toBeFunction()
  })

  it("makes policies from specs, or decodes them from unknown input", () => {
    expectTypeOf(Sla.policy).toEqualTypeOf<
      (spec: Sla.PolicySpec, options?: Sla.PolicyOptions) => Sla.Policy
    >()
    expectTypeOf(Sla.decodePolicy).toEqualTypeOf<
      (input: unknown, options?: Sla.PolicyOptions) => Result.Result<Sla.Policy, Sla.InvalidPolicy>
    >()
    expectTypeOf<Sla.Target>().toEqualTypeOf<{
      readonly ms: number
      readonly hours: "business" | "calendar"
    }>()
    expectTypeOf(Sla.matches).toEqualTypeOf<
      (when: Sla.When | undefined, ticket: Ticket.OpenedTicket, predicates?: Sla.Predicates) => boolean
    >()
  })

  it("accepts targets as durations or { within, hours }, per known priority", () => {
    const spec = {
      id: "std",
      targets: {
        urgent: {
          firstReply: "PT1H",
          resolution: 28_800_000,
          nextReply: { within: "P1D", hours: "calendar" },
        },
      },
      warnAt: [0.5],
    } satisfies Sla.PolicySpec
    expectTypeOf(spec).toExtend<Sla.PolicySpec>()
    // @ts-expect-error "wall" is not a kind of hours
    const wall: Sla.TargetInput = { within: "PT1H", hours: "wall" }
    expectTypeOf([wall]).toBeArray()
  })

  it("types a desk's priority names, which the policy checks against the vocabulary at run time", () => {
    // Priority is a built-in name or a desk's own, so "critical" typechecks; the built-in words refuse it.
    const critical: Sla.PolicySpec = { id: "x", targets: { critical: { firstReply: "PT1H" } } }
    const matchCritical: Sla.PolicySpec = {
      id: "y",
      when: { priority: ["critical"] },
      targets: { urgent: { firstReply: "PT1H" } },
    }
    const pathsOf = (decoded: Result.Result<Sla.Policy, Sla.InvalidPolicy>) =>
      Result.isFailure(decoded) ? decoded.failure.issues.map((i) => i.path) : []
    expect(pathsOf(Sla.decodePolicy(critical))).toEqual(["targets.critical"])
    expect(() => Sla.policy(critical)).toThrow(Sla.InvalidPolicy)
    expect(pathsOf(Sla.decodePolicy(matchCritical))).toEqual(["when.priority[0]"])
    const desk = Ticket.vocabulary({ priorities: ["low", "normal", "high", "urgent", "critical"] })
    expect(Sla.policy(critical, { vocabulary: desk }).targets.critical?.firstReply?.ms).toBe(3_600_000)
    expect(Sla.policy(matchCritical, { vocabulary: desk }).id).toBe("y")
  })

  it("defines clocks with the same shape the built-in metrics use", () => {
    expectTypeOf(Sla.clock).toEqualTypeOf<
      (definition: Sla.ClockDefinition | Sla.ClockSpec, options?: Sla.ClockOptions) => Sla.ClockDefinition
    >()
    expectTypeOf(Sla.builtinClocks).toEqualTypeOf<ReadonlyArray<Sla.ClockDefinition>>()
    expectTypeOf(Sla.on).toEqualTypeOf<
      (type: Ticket.TicketEventType, and?: Sla.EventCondition) => Sla.EventCondition
    >()
    expectTypeOf(Sla.statusIn).toEqualTypeOf<
      (...statuses: ReadonlyArray<Ticket.TicketStatus>) => Sla.StateCondition
    >()
    expectTypeOf<Sla.EventCondition>().toEqualTypeOf<
      (event: Ticket.TicketEvent, before: Ticket.OpenedTicket, after: Ticket.OpenedTicket) => boolean
    >()
    expectTypeOf<Sla.StateCondition>().toEqualTypeOf<(ticket: Ticket.OpenedTicket) => boolean>()
    expectTypeOf<Sla.ClockDefinition["cycles"]>().toEqualTypeOf<"single" | "repeating">()
    // @ts-expect-error "UnknownEvent" is not an event type
    expect(() => Sla.on("UnknownEvent")).toThrow(Sla.InvalidClock)
  })

  it("names the seven built-in metrics", () => {
    expectTypeOf<Sla.BuiltinMetric>().toEqualTypeOf<
      | "firstReply"
      | "nextReply"
      | "periodicUpdate"
      | "pausableUpdate"
      | "requesterWait"
      | "agentWork"
      | "resolution"
    >()
    expectTypeOf(Sla.builtinMetrics).toEqualTypeOf<ReadonlyArray<Sla.BuiltinMetric>>()
  })

  it("folds events with initial and step", () => {
    expectTypeOf(Sla.initial).toEqualTypeOf<
      (
        definitions?: ReadonlyArray<Sla.ClockDefinition>,
        options?: { readonly vocabulary?: Ticket.Vocabulary | undefined },
      ) => Sla.SlaState
    >()
    expectTypeOf(Sla.step).toEqualTypeOf<(state: Sla.SlaState, event: Ticket.TicketEvent) => Sla.SlaState>()
    expectTypeOf<Sla.SlaState["ticket"]>().toEqualTypeOf<Ticket.TicketState>()
  })

  it("tags its errors and names the field", () => {
    expectTypeOf<Sla.InvalidPolicy["_tag"]>().toEqualTypeOf<"InvalidPolicy">()
    expectTypeOf<Sla.InvalidPolicy["issues"]>().toEqualTypeOf<
      ReadonlyArray<{ readonly path: string; readonly message: string }>
    >()
    expectTypeOf<Sla.InvalidEvaluation["_tag"]>().toEqualTypeOf<"InvalidEvaluation">()
    expectTypeOf<Sla.InvalidEvaluation["field"]>().toEqualTypeOf<string>()
    expectTypeOf<Sla.UnknownPredicate["_tag"]>().toEqualTypeOf<"UnknownPredicate">()
    expectTypeOf<Sla.UnknownPredicate["name"]>().toEqualTypeOf<string>()
    expectTypeOf<Sla.InvalidPolicy>().toExtend<Error>()
  })
})
