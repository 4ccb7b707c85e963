// fast-check arbitraries for SLA properties over tickets whose data changes: random histories of
// every event kind (replies, messages, notes, statuses with the desk's custom statuses, reopens,
// priorities, assignments, chases, tags, custom fields, requester changes, merges), a `now` in
// their window, and policies targeting every built-in metric at every priority.
import fc from "fast-check"
import { Calendar, Sla, type Ticket } from "servicekit"
import { romeOffice } from "./builders.js"
import { desk } from "./data-stories.js"

const MINUTE = 60_000

type Step =
  | { readonly kind: "reply" | "message" | "note" | "chase" }
  | { readonly kind: "status"; readonly status: Ticket.TicketStatus; readonly customStatus?: string }
  | { readonly kind: "priority"; readonly priority: Ticket.Priority }
  | { readonly kind: "assign"; readonly agentId?: string; readonly groupId?: string }
  | { readonly kind: "tagsAdded" | "tagsRemoved"; readonly tags: ReadonlyArray<string> }
  | { readonly kind: "fieldSet"; readonly field: string; readonly value: Ticket.FieldValue }
  | { readonly kind: "fieldCleared"; readonly field: string }
  | { readonly kind: "requester"; readonly tier?: string; readonly organization?: string }
  | { readonly kind: "merge" }

export const priorities: ReadonlyArray<Ticket.Priority> = ["low", "normal", "high", "urgent"]

/** Tags and groups the properties' conditions read, so that they hold now and then. */
export const tagNames = ["vip", "spam", "billing"] as const
export const groups = ["L1", "L2"] as const

const optionalKey = <K extends string, T>(key: K, arb: fc.Arbitrary<T>) =>
  fc.option(arb, { nil: undefined }).map((v) => (v === undefined ? {} : ({ [key]: v } as { [P in K]: T })))

/** A value of each of the desk's fields (see `desk`), for FieldSet and openings. */
export const arbFieldValue: fc.Arbitrary<{ field: string; value: Ticket.FieldValue }> = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map((value) => ({ field: "seats", value })),
  fc.constantFrom("basic", "pro", "enterprise").map((value) => ({ field: "plan", value })),
  fc.boolean().map((value) => ({ field: "vip", value })),
  fc
    .integer({ min: 0, max: 60 })
    .map((d) => ({ field: "renewalDate", value: new Date(Date.UTC(2025, 5, 1) + d * 86_400_000) })),
  fc
    .subarray(["api", "billing", "sso"], { minLength: 0, maxLength: 3 })
    .map((value) => ({ field: "components", value })),
)

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.constantFrom<Step>(
      { kind: "reply" },
      { kind: "message" },
      { kind: "note" },
      { kind: "chase" },
    ),
    weight: 8,
  },
  {
    arbitrary: fc.constantFrom<Step>(
      { kind: "status", status: "open" },
      { kind: "status", status: "open", customStatus: "inProgress" },
      { kind: "status", status: "pending" },
      { kind: "status", status: "onHold" },
      { kind: "status", status: "onHold", customStatus: "awaitingVendor" },
      { kind: "status", status: "solved" },
      { kind: "status", status: "closed" },
      { kind: "status", status: "new" },
    ),
    weight: 6,
  },
  {
    arbitrary: fc.constantFrom(...priorities).map((priority) => ({ kind: "priority" as const, priority })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(
        optionalKey("agentId", fc.constantFrom("a-1", "a-2")),
        optionalKey("groupId", fc.constantFrom(...groups)),
      )
      .map(([a, g]) => ({ kind: "assign" as const, ...a, ...g })),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom("tagsAdded" as const, "tagsRemoved" as const),
        fc.subarray([...tagNames], { minLength: 1 }),
      )
      .map(([kind, tags]) => ({ kind, tags })),
    weight: 2,
  },
  { arbitrary: arbFieldValue.map((f) => ({ kind: "fieldSet" as const, ...f })), weight: 2 },
  {
    arbitrary: fc
      .constantFrom("seats", "plan", "vip", "renewalDate", "components")
      .map((field) => ({ kind: "fieldCleared" as const, field })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(
        optionalKey("tier", fc.constantFrom("silver", "gold")),
        optionalKey("organization", fc.constantFrom("acme", "globex")),
      )
      .map(([t, o]) => ({ kind: "requester" as const, ...t, ...o })),
    weight: 1,
  },
  { arbitrary: fc.constant<Step>({ kind: "merge" }), weight: 1 },
)

/** Plain data, so that a counterexample prints readably. */
export interface History {
  readonly events: ReadonlyArray<Ticket.TicketEvent>
  readonly openedAt: number
  /** The end of the history's window (every event is at or before it). */
  readonly end: number
  readonly calendar: "always" | "rome"
}

export interface HistoryOptions {
  /** The most steps after the opening (default 16). */
  readonly maxSteps?: number
  /** Whether the opening may carry custom fields (default true). */
  readonly openingFields?: boolean
}

const toEvent = (s: Step, at: Date): Ticket.TicketEvent => {
  const base = { ticketId: "T-1", at }
  switch (s.kind) {
    case "reply":
      return { ...base, type: "AgentReplied", agentId: "a-1" }
    case "message":
      return { ...base, type: "CustomerMessaged" }
    case "note":
      return { ...base, type: "NoteAdded", agentId: "a-2" }
    case "chase":
      return { ...base, type: "CustomerChased" }
    case "status":
      return {
        ...base,
        type: "StatusChanged",
        status: s.status,
        ...(s.customStatus === undefined ? {} : { customStatus: s.customStatus }),
      }
    case "priority":
      return { ...base, type: "PriorityChanged", priority: s.priority }
    case "assign":
      return {
        ...base,
        type: "TicketAssigned",
        ...(s.agentId === undefined ? {} : { agentId: s.agentId }),
        ...(s.groupId === undefined ? {} : { groupId: s.groupId }),
      }
    case "tagsAdded":
      return { ...base, type: "TagsAdded", tags: s.tags }
    case "tagsRemoved":
      return { ...base, type: "TagsRemoved", tags: s.tags }
    case "fieldSet":
      return { ...base, type: "FieldSet", field: s.field, value: s.value }
    case "fieldCleared":
      return { ...base, type: "FieldCleared", field: s.field }
    case "requester":
      return {
        ...base,
        type: "RequesterChanged",
        requester: {
          id: "c-1",
          ...(s.tier === undefined ? {} : { tier: s.tier }),
          ...(s.organization === undefined ? {} : { organization: s.organization }),
        },
      }
    case "merge":
      return { ...base, type: "TicketMerged", into: "T-0" }
  }
}

/**
 * Random histories of one ticket (T-1) opened in June 2025, in time order (several events may
 * share an instant), in the built-in channels and priorities and the `desk` vocabulary's custom
 * statuses and fields, over a window of two to five days.
 */
export const arbHistory = (options: HistoryOptions = {}): fc.Arbitrary<History> => {
  const maxSteps = options.maxSteps ?? 16
  return fc
    .record({
      day: fc.integer({ min: 1, max: 24 }),
      minute: fc.oneof(
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 23 }).map((h) => h * 60),
      ),
      days: fc.integer({ min: 2, max: 5 }),
      priority: fc.constantFrom(...priorities),
      openedBy: fc.constantFrom<Ticket.OpenedBy | undefined>(undefined, "customer", "agent"),
      tier: fc.constantFrom<string | undefined>(undefined, "silver", "gold"),
      tags: fc.subarray([...tagNames]),
      fields:
        options.openingFields === false
          ? fc.constant<ReadonlyArray<{ field: string; value: Ticket.FieldValue }>>([])
          : fc.array(arbFieldValue, { maxLength: 2 }),
      steps: fc.array(arbStep, { maxLength: maxSteps }),
      offsets: fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 5 * 1440 }),
          fc.integer({ min: 0, max: 5 * 48 }).map((n) => n * 30),
        ),
        { minLength: maxSteps, maxLength: maxSteps },
      ),
      calendar: fc.constantFrom<History["calendar"]>("always", "rome"),
    })
    .map((r): History => {
      const openedAt = Date.UTC(2025, 5, r.day) + r.minute * MINUTE
      const window = r.days * 1440
      const times = r.offsets.map((o) => o % (window + 1)).sort((a, b) => a - b)
      const opened: Ticket.TicketOpened = {
        type: "TicketOpened",
        ticketId: "T-1",
        at: new Date(openedAt),
        channel: "email",
        priority: r.priority,
        requester: { id: "c-1", ...(r.tier === undefined ? {} : { tier: r.tier }) },
        ...(r.openedBy === undefined ? {} : { openedBy: r.openedBy }),
        ...(r.tags.length === 0 ? {} : { tags: r.tags }),
        ...(r.fields.length === 0
          ? {}
          : { fields: Object.fromEntries(r.fields.map((f) => [f.field, f.value])) }),
      }
      const events = [opened, ...r.steps.map((s, i) => toEvent(s, new Date(openedAt + times[i]! * MINUTE)))]
      return { events, openedAt, end: openedAt + window * MINUTE, calendar: r.calendar }
    })
}

/** A history and a minute-granular `now` in its window (events after it are ignored). */
export const arbHistoryAt = (options?: HistoryOptions): fc.Arbitrary<readonly [History, number]> =>
  arbHistory(options).chain((h) =>
    fc
      .integer({ min: 0, max: (h.end - h.openedAt) / MINUTE })
      .map((m) => [h, h.openedAt + m * MINUTE] as const),
  )

export const calendarOf = (h: History): Calendar.Calendar =>
  h.calendar === "rome" ? romeOffice : Calendar.always

/** Targets of 30 min to 16 h for every built-in metric (and `extra` ones) at every priority, some in calendar hours. */
export const arbTargets = (
  extra: ReadonlyArray<string> = [],
): fc.Arbitrary<Readonly<Record<string, Readonly<Record<string, Sla.TargetInput>>>>> => {
  const metrics = [...Sla.builtinMetrics, ...extra]
  const target = fc.record({
    minutes: fc.oneof(
      fc.integer({ min: 30, max: 16 * 60 }),
      fc.integer({ min: 1, max: 32 }).map((n) => n * 30),
    ),
    calendar: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  })
  return fc
    .array(fc.array(target, { minLength: metrics.length, maxLength: metrics.length }), {
      minLength: priorities.length,
      maxLength: priorities.length,
    })
    .map((perPriority) =>
      Object.fromEntries(
        priorities.map((p, i) => [
          p,
          Object.fromEntries(
            metrics.map((m, j) => {
              const t = perPriority[i]![j]!
              return [m, { within: t.minutes * MINUTE, hours: t.calendar ? "calendar" : "business" } as const]
            }),
          ),
        ]),
      ),
    )
}

/** A policy applying to every ticket, targeting every built-in metric (and `extra`) at every priority. */
export const everyMetric = (
  targets: Readonly<Record<string, Readonly<Record<string, Sla.TargetInput>>>>,
  extra: ReadonlyArray<string> = [],
  id = "all",
): Sla.Policy => Sla.policy({ id, targets, warnAt: [0.5, 0.75] }, { metrics: extra, vocabulary: desk })

/** Fixed targets for every built-in metric at every priority, for tests that need no random ones. */
export const fixedTargets: Readonly<Record<string, Readonly<Record<string, Sla.TargetInput>>>> =
  Object.fromEntries(
    priorities.map((p, i) => [
      p,
      Object.fromEntries(Sla.builtinMetrics.map((m, j) => [m, { within: (i + 1) * (j + 2) * 20 * MINUTE }])),
    ]),
  )
