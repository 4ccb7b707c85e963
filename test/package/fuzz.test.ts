// Every public entry point of every subpath on arbitrary input: a normal result (that round-trips
// through its JSON form where it has one), or a tagged error (thrown, or returned in a Result)
// that names the parameter or field — within a time bound per call, so that a hang or a blow-up
// fails the property. Inputs: anything (null, undefined, NaN, ±Infinity, ±1e16, -0, BigInt,
// Symbol, deep nesting, objects with wrong or extra keys …) and valid inputs with one field
// replaced, removed or added, so that the fuzz reaches the code behind the first check.
//
// Runs per entry point: FUZZ_RUNS (default 300). The time bound per call: FUZZ_BOUND_MS. In
// `npm test` it is 1 s, a hang detector whose verdict does not depend on the machine's speed (the
// faults this test was written for ran 1 s to minutes; the slowest calls now, 500 years of
// business time on a fresh calendar, take 10–30 ms on an idle machine, and the summary prints
// each entry point's slowest call). The exhaustive run, `npm run test:slow`, tries 20 000 inputs
// per entry point and holds each call to 100 ms; alone:
//   FUZZ_RUNS=20000 FUZZ_BOUND_MS=100 npm exec -- vitest run --project core test/package/fuzz.test.ts
import * as Result from "effect/Result"
import fc from "fast-check"
import * as Automation from "servicekit/automation"
import * as Calendar from "servicekit/calendar"
import * as Desk from "servicekit/desk"
import * as FollowUp from "servicekit/followup"
import * as Metrics from "servicekit/metrics"
import * as Postgres from "servicekit/postgres"
import * as Sla from "servicekit/sla"
import { givenTicket } from "servicekit/testing"
import * as Ticket from "servicekit/ticket"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { anyOr, weird, zones } from "./fuzz-inputs.js"

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const BOUND_MS = Number(process.env.FUZZ_BOUND_MS ?? 1000)
const MIN_MS = Date.UTC(1900, 0, 1)
const MAX_MS = Date.UTC(2400, 0, 1)

// ── valid inputs to mutate ──────────────────────────────────────────────────────────────────

const at = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2025, 5, day, hh, mm))
const now = at(9, 12)
const spec: Calendar.CalendarSpec = {
  timeZone: "Europe/Rome",
  hours: { mon: ["09:00-18:00"], tue: ["09:00-13:00", "14:00-18:00"], sat: ["22:00-06:00"] },
  holidays: ["2025-04-25"],
  overrides: { "2025-12-24": ["09:00-13:00"] },
}
const rome = Calendar.make(spec)
// A counterexample shows the calendar by name, not its compiled years.
Object.defineProperty(rome, fc.toStringMethod, { value: () => "Calendar(rome)" })
const history: ReadonlyArray<Ticket.TicketEvent> = [
  {
    type: "TicketOpened",
    ticketId: "T-1",
    at: at(3, 9),
    channel: "email",
    priority: "normal",
    requester: { id: "c-1", timeZone: "Europe/Rome", tier: "gold" },
    tags: ["vip"],
  },
  { type: "AgentReplied", ticketId: "T-1", at: at(3, 9, 30), agentId: "a-1" },
  {
    type: "PromiseMade",
    ticketId: "T-1",
    at: at(3, 9, 30),
    promiseId: "p",
    dueAt: at(3, 12),
    summary: "call",
  },
  { type: "CustomerMessaged", ticketId: "T-1", at: at(3, 10), channel: "chat" },
  { type: "PromiseKept", ticketId: "T-1", at: at(3, 11), promiseId: "p" },
  { type: "CustomerChased", ticketId: "T-1", at: at(3, 11, 10) },
  { type: "StatusChanged", ticketId: "T-1", at: at(3, 11, 30), status: "pending" },
  { type: "StatusChanged", ticketId: "T-1", at: at(3, 12, 30), status: "solved" },
  { type: "FollowUpSent", ticketId: "T-1", at: at(3, 12, 40), taskId: "T-1/survey/csat", kind: "survey" },
  { type: "SurveyAnswered", ticketId: "T-1", at: at(3, 13), survey: "csat", score: 4 },
  {
    type: "AutomationApplied",
    ticketId: "T-1",
    at: at(3, 13, 5),
    firingId: "T-1/escalate/1",
    ruleId: "escalate",
  },
  { type: "TicketAssigned", ticketId: "T-1", at: at(3, 13, 10), agentId: "a-2", groupId: "g" },
  { type: "StatusChanged", ticketId: "T-1", at: at(3, 14), status: "open" },
  { type: "PriorityChanged", ticketId: "T-1", at: at(3, 14, 5), priority: "urgent" },
  { type: "NoteAdded", ticketId: "T-1", at: at(3, 14, 10), agentId: "a-2" },
]
const other: ReadonlyArray<Ticket.TicketEvent> = [
  {
    type: "TicketOpened",
    ticketId: "T-2",
    at: at(4, 17),
    channel: "chat",
    priority: "high",
    requester: { id: "c-2" },
  },
  { type: "TicketMerged", ticketId: "T-2", at: at(4, 18), into: "T-1" },
]
const opened = Ticket.replay(history)
const openedJSON = JSON.parse(JSON.stringify(opened)) as unknown
const commands: ReadonlyArray<Record<string, unknown>> = [
  {
    type: "OpenTicket",
    ticketId: "T-1",
    at: at(3, 9),
    channel: "email",
    priority: "normal",
    requester: { id: "c-1" },
  },
  { type: "ReplyToCustomer", ticketId: "T-1", at: at(5, 9), agentId: "a-1", channel: "email" },
  { type: "MakePromise", ticketId: "T-1", at: at(5, 9), promiseId: "q", dueAt: at(5, 12), summary: "call" },
  { type: "RecordSurveyAnswer", ticketId: "T-1", at: at(5, 9), survey: "nps", score: 9, comment: "ok" },
  { type: "ChangeStatus", ticketId: "T-1", at: at(5, 9), status: "solved" },
  { type: "AssignTicket", ticketId: "T-1", at: at(5, 9), groupId: "billing" },
  { type: "RecordAutomation", ticketId: "T-1", at: at(5, 9), firingId: "T-1/escalate/2", ruleId: "escalate" },
  { type: "MergeTicket", ticketId: "T-1", at: at(5, 9), into: "T-9" },
]
const policySpec: Sla.PolicySpec = {
  id: "gold",
  when: {
    priority: ["urgent", "normal"],
    any: [{ tier: ["gold"] }, { tags: { any: ["vip"] } }],
    not: { group: ["x"] },
  },
  targets: {
    normal: { firstReply: "PT1H", nextReply: { within: "PT2H", hours: "calendar" }, resolution: 28_800_000 },
    urgent: { firstReply: "PT30M", pausableUpdate: "PT4H", requesterWait: "P1D", agentWork: "P1W" },
  },
  warnAt: [0.5, 0.75],
}
const policies = [Sla.policy(policySpec), Sla.policy({ id: "std", targets: { low: { resolution: "P3D" } } })]
const followUpSpec: FollowUp.FollowUpPolicySpec = {
  acknowledge: { within: "PT15M" },
  keepInformed: { every: "PT4H", hours: "calendar" },
  promises: { remindBefore: "PT30M" },
  chases: { escalateAfter: 2 },
  checkIn: { after: "P1D" },
  survey: { kind: "csat", after: "PT1H", quietHours: { from: "21:00", to: "08:00" } },
  escalateOnSla: { warnAt: true, onBreach: true },
  grace: "PT5M",
}
const followUp = FollowUp.policy(followUpSpec)
const level = FollowUp.ServiceLevel.make({
  name: "Gold",
  calendar: rome,
  channels: ["email", "chat"],
  sla: policies,
  followUp,
})
const evaluateOptions = { policies, calendar: rome, now }
const planOptions = { policy: followUp, calendar: rome, now, sla: { policies } }
const metricsOptions: Metrics.AccumulatorOptions = {
  now,
  calendar: rome,
  groupBy: ["channel", "period"],
  period: { unit: "week", timeZone: "Europe/Rome" },
}
const filled = Metrics.accumulator(metricsOptions).add(history).add(other)
const accJSON = JSON.parse(JSON.stringify(filled)) as unknown
const aMeasure = Metrics.measure(history, { now, calendar: rome, sla: { policies }, followUp })
const measureJSON = JSON.parse(JSON.stringify(aMeasure)) as unknown
const sketchJSON = new Metrics.QuantileSketch().add(0).add(120).add(3_600_000).add(5, 3).toJSON()
const cardOptions: Metrics.ScorecardOptions = { policies, calendar: rome, now, followUp, channels: ["email"] }
const card = Metrics.scorecard([history, other], cardOptions)

// ── the bar every call must meet ────────────────────────────────────────────────────────────

/** Errors that are outcomes of a well-formed call (a rule of the domain), not refused input. */
const outcomes = new Set([
  "TicketNotFound",
  "TicketAlreadyExists",
  "TicketIdMismatch",
  "TicketClosed",
  "TicketAlreadyMerged",
  "InvalidTransition",
  "TimeWentBackwards",
  "PromiseDueTooEarly",
  "DuplicatePromise",
  "UnknownPromise",
  "PromiseAlreadyKept",
  "SurveyScoreOutOfRange",
  "SurveyBeforeResolution",
  "MergeIntoSelf",
  "NoOpenTime",
  "UnknownPredicate",
])

const describeThrown = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ""}` : `a thrown ${typeof e}`

/** Fails unless `e` is a tagged error that names what was wrong. */
const expectTagged = (e: unknown, entry: string): void => {
  const tag = (e as { _tag?: unknown } | null)?._tag
  if (!(e instanceof Error) || typeof tag !== "string")
    throw new Error(`${entry}: not a tagged error: ${describeThrown(e)}`)
  const message = e.message
  expect(typeof message, `${entry}: ${tag} message`).toBe("string")
  expect(message.length, `${entry}: ${tag} has an empty message`).toBeGreaterThan(0)
  expect(message.length, `${entry}: ${tag} message too long`).toBeLessThan(5_000)
  expect(message, `${entry}: ${tag} message`).not.toContain("[object ")
  if (outcomes.has(tag)) return
  const field = (e as { field?: unknown }).field
  const issues = (e as { issues?: unknown }).issues
  const named =
    (typeof field === "string" && field !== "") ||
    (Array.isArray(issues) &&
      issues.length > 0 &&
      issues.every((i) => typeof i?.path === "string" && typeof i?.message === "string"))
  if (!named) throw new Error(`${entry}: ${tag} names no field: ${message}`)
}

/** Fails on an Invalid Date or a Date outside the library's range anywhere in `value`. */
const expectSaneDates = (value: unknown, entry: string, depth = 0, seen = new Set<unknown>()): void => {
  if (depth > 8 || typeof value !== "object" || value === null || seen.has(value)) return
  seen.add(value)
  if (value instanceof Date) {
    const t = value.getTime()
    if (!(t >= MIN_MS && t < MAX_MS)) throw new Error(`${entry}: returned a Date outside 1900–2399: ${t}`)
    return
  }
  if (value instanceof Map || value instanceof Set) return
  for (const v of Object.values(value)) expectSaneDates(v, entry, depth + 1, seen)
}

/** Round-trips through JSON: `decode(JSON of value)` succeeds with an equal value. */
const roundTrips = <A>(value: A, decode: (json: unknown) => Result.Result<A, unknown>, entry: string) => {
  const json = JSON.parse(JSON.stringify(value)) as unknown
  const back = decode(json)
  if (Result.isFailure(back))
    throw new Error(`${entry}: its JSON does not decode back: ${(back.failure as Error).message}`)
  expect(JSON.stringify(back.success), `${entry}: round trip`).toBe(JSON.stringify(value))
}

const tried = new Map<string, number>()
const slowest = new Map<string, number>()

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown }

/** Counts a call of `entry` that began at `start`, and fails the property if it took too long. */
const clocked = (entry: string, start: number): void => {
  const ms = performance.now() - start
  tried.set(entry, (tried.get(entry) ?? 0) + 1)
  if (ms > (slowest.get(entry) ?? 0)) slowest.set(entry, ms)
  if (ms > BOUND_MS) throw new Error(`${entry}: a call took ${ms.toFixed(1)} ms (bound ${BOUND_MS} ms)`)
}

/** Times one call; a Result's failure counts as an error outcome. */
const timed = (entry: string, call: () => unknown): Outcome => {
  const start = performance.now()
  let outcome: Outcome
  try {
    outcome = { ok: true, value: call() }
  } catch (error) {
    outcome = { ok: false, error }
  }
  clocked(entry, start)
  return outcome
}

const timedAsync = async (entry: string, call: () => Promise<unknown>): Promise<Outcome> => {
  const start = performance.now()
  let outcome: Outcome
  try {
    outcome = { ok: true, value: await call() }
  } catch (error) {
    outcome = { ok: false, error }
  }
  clocked(entry, start)
  return outcome
}

/**
 * One property: `call` on arbitrary arguments gives a tagged error or a result that `verify`
 * accepts (it may throw). Results and Result failures are both looked at.
 */
type Args = ReadonlyArray<unknown>

const fuzz = (
  entry: string,
  args: fc.Arbitrary<Args>,
  call: (...args: Args) => unknown,
  verify: (value: unknown, args: Args) => void = () => {},
  // Whether the result is the library's own data, whose Dates must be sane (not input it echoes).
  ownData = true,
) =>
  it(entry, () => {
    fc.assert(
      fc.property(args, (a) => {
        const outcome = timed(entry, () => call(...a))
        if (!outcome.ok) return expectTagged(outcome.error, entry)
        const value = outcome.value
        if (Result.isResult(value)) {
          if (Result.isFailure(value)) return expectTagged(value.failure, entry)
          if (ownData) expectSaneDates(value.success, entry)
          return verify(value.success, a)
        }
        if (ownData) expectSaneDates(value, entry)
        verify(value, a)
      }),
      { numRuns: RUNS },
    )
  })

const args = (...list: ReadonlyArray<fc.Arbitrary<unknown>>): fc.Arbitrary<Args> => fc.tuple(...list)
const instantOr = (valid: unknown) => fc.oneof(anyOr(valid), weird)
const eventsOr = (valid: ReadonlyArray<unknown>) => anyOr(valid)
const commandOr = fc.constantFrom(...commands).chain(anyOr)

const expectInteger = (entry: string) => (value: unknown) => {
  if (!Number.isSafeInteger(value))
    throw new Error(`${entry}: returned ${String(value)}, not whole milliseconds`)
}

// ── the entry points ─────────────────────────────────────────────────────────────────────────

beforeAll(() => {
  // Each zone's offsets are read from Intl once per process and year (about half a millisecond a
  // year): warm the zones the fuzz may name over the whole range, so that the timed calls
  // measure the library's own work, not a cold Intl.
  for (const timeZone of zones)
    Calendar.businessMsBetween(
      Calendar.make({ timeZone, hours: { mon: ["09:00-18:00"] } }),
      MIN_MS,
      MAX_MS - 1,
    )
})

afterAll(() => {
  const rows = [...tried].map(
    ([entry, n]) => `${entry}=${n} (max ${(slowest.get(entry) ?? 0).toFixed(1)} ms)`,
  )
  console.log(`fuzz: inputs tried per entry point (FUZZ_RUNS=${RUNS}): ${rows.join(", ")}`)
})

describe("servicekit/calendar on arbitrary input", () => {
  fuzz(
    "Calendar.make",
    args(anyOr(spec)),
    (s) => Calendar.make(s as Calendar.CalendarSpec),
    (c) =>
      roundTrips(
        (c as Calendar.Calendar).spec,
        (j) => Result.map(Calendar.decode(j), (d) => d.spec),
        "Calendar.make",
      ),
  )
  fuzz("Calendar.decode", args(anyOr(spec)), (s) => Calendar.decode(s))
  fuzz("Calendar.addBusinessTime", args(anyOr(rome), instantOr(now), anyOr("PT2H")), (c, t, d) =>
    Calendar.addBusinessTime(c as Calendar.Calendar, t as Date, d as string),
  )
  fuzz("Calendar.businessTimeBetween", args(anyOr(rome), instantOr(at(2, 8)), instantOr(now)), (c, a, b) =>
    Calendar.businessTimeBetween(c as Calendar.Calendar, a as Date, b as Date),
  )
  fuzz("Calendar.isOpen", args(anyOr(rome), instantOr(now)), (c, t) =>
    Calendar.isOpen(c as Calendar.Calendar, t as Date),
  )
  fuzz("Calendar.nextOpen", args(anyOr(rome), instantOr(now)), (c, t) =>
    Calendar.nextOpen(c as Calendar.Calendar, t as Date),
  )
  fuzz("Calendar.nextClose", args(anyOr(rome), instantOr(now)), (c, t) =>
    Calendar.nextClose(c as Calendar.Calendar, t as Date),
  )
  fuzz(
    "Calendar.addBusinessMs",
    args(anyOr(rome), instantOr(now.getTime()), instantOr(7_200_000)),
    (c, t, d) => Calendar.addBusinessMs(c as Calendar.Calendar, t as number, d as number),
    expectInteger("Calendar.addBusinessMs"),
  )
  fuzz(
    "Calendar.businessMsBetween",
    args(anyOr(rome), instantOr(at(2, 8).getTime()), instantOr(now.getTime())),
    (c, a, b) => Calendar.businessMsBetween(c as Calendar.Calendar, a as number, b as number),
    expectInteger("Calendar.businessMsBetween"),
  )
  fuzz("Calendar.toMillis", args(anyOr("PT1H30M"), anyOr("duration")), (d, f) =>
    Calendar.toMillis(d as string, typeof f === "string" ? f : undefined),
  )
})

describe("servicekit/ticket on arbitrary input", () => {
  fuzz(
    "Ticket.decodeEvent",
    args(fc.constantFrom(...history, ...other).chain(anyOr)),
    (e) => Ticket.decodeEvent(e),
    (v) => roundTrips(v as Ticket.TicketEvent, Ticket.decodeEvent, "Ticket.decodeEvent"),
  )
  fuzz(
    "Ticket.decodeCommand",
    args(commandOr),
    (c) => Ticket.decodeCommand(c),
    (v) => roundTrips(v as Ticket.TicketCommand, Ticket.decodeCommand, "Ticket.decodeCommand"),
  )
  fuzz(
    "Ticket.decide",
    args(fc.oneof(anyOr(opened), anyOr(Ticket.initialState), anyOr(openedJSON)), commandOr),
    (s, c) => Ticket.decide(s as Ticket.TicketState, c as Ticket.TicketCommand),
    (events) => {
      for (const e of events as ReadonlyArray<Ticket.TicketEvent>)
        roundTrips(e, Ticket.decodeEvent, "Ticket.decide")
    },
  )
  fuzz(
    "Ticket.evolve",
    args(
      fc.oneof(anyOr(opened), anyOr(Ticket.initialState)),
      fc.constantFrom(...history, ...other).chain(anyOr),
    ),
    (s, e) => Ticket.evolve(s as Ticket.TicketState, e as Ticket.TicketEvent),
    // What evolve returns, decide takes.
    (state) =>
      void Ticket.decide(state as Ticket.TicketState, commands[1] as unknown as Ticket.TicketCommand),
  )
  fuzz(
    "Ticket.replay",
    args(eventsOr(history)),
    (h) => Ticket.replay(h as Ticket.TicketEvent[]),
    (state) =>
      void Ticket.decide(state as Ticket.TicketState, commands[1] as unknown as Ticket.TicketCommand),
  )
  fuzz("Ticket.isAllowedTransition", args(anyOr("open"), anyOr("solved")), (a, b) =>
    Ticket.isAllowedTransition(a as Ticket.TicketStatus, b as Ticket.TicketStatus),
  )
  fuzz("Ticket.isReopen", args(anyOr("solved"), anyOr("open")), (a, b) =>
    Ticket.isReopen(a as Ticket.TicketStatus, b as Ticket.TicketStatus),
  )
})

describe("servicekit/sla on arbitrary input", () => {
  fuzz("Sla.policy", args(anyOr(policySpec), anyOr({ metrics: ["x"], predicates: ["vip"] })), (s, o) =>
    Sla.policy(s as Sla.PolicySpec, o as Sla.PolicyOptions),
  )
  fuzz("Sla.decodePolicy", args(anyOr(policySpec)), (s) => Sla.decodePolicy(s))
  fuzz(
    "Sla.evaluate",
    args(eventsOr(history), anyOr(evaluateOptions)),
    (h, o) => Sla.evaluate(h as Ticket.TicketEvent[], o as Sla.EvaluateOptions),
    (status) => {
      for (const c of (status as Sla.SlaStatus).clocks)
        expect(Math.abs(c.elapsedMs)).toBeLessThanOrEqual(MAX_MS - MIN_MS)
    },
  )
  fuzz("Sla.evaluateState", args(anyOr(Sla.initial()), anyOr(evaluateOptions)), (s, o) =>
    Sla.evaluateState(s as Sla.SlaState, o as Sla.EvaluateOptions),
  )
  // Clock definitions are code, not JSON: keys they carry besides the definition's are theirs.
  fuzz(
    "Sla.initial",
    args(anyOr(Sla.builtinClocks)),
    (d) => Sla.initial(d as Sla.ClockDefinition[]),
    () => {},
    false,
  )
  fuzz(
    "Sla.step",
    args(anyOr(Sla.step(Sla.initial(), history[0]!)), fc.constantFrom(...history).chain(anyOr)),
    (s, e) => Sla.step(s as Sla.SlaState, e as Ticket.TicketEvent),
  )
  fuzz("Sla.matches", args(anyOr(policySpec.when), anyOr(opened), anyOr({ vip: () => true })), (w, t, p) =>
    Sla.matches(w as Sla.When, t as Ticket.OpenedTicket, p as Sla.Predicates),
  )
  fuzz(
    "Sla.clock",
    args(
      anyOr({ metric: "m", start: Sla.on("TicketOpened"), stop: Sla.on("AgentReplied"), cycles: "single" }),
    ),
    (d) => Sla.clock(d as Sla.ClockDefinition),
    () => {},
    false,
  )
  fuzz(
    "Sla.on",
    args(
      anyOr("AgentReplied"),
      anyOr(() => true),
    ),
    (t, f) => Sla.on(t as Ticket.TicketEventType, f as Sla.EventCondition),
  )
  fuzz("Sla.statusIn", args(anyOr("pending"), anyOr("onHold")), (a, b) =>
    Sla.statusIn(a as Ticket.TicketStatus, b as Ticket.TicketStatus),
  )
  fuzz("Sla.isPolicy", args(anyOr(policies[0])), (p) => Sla.isPolicy(p))
})

describe("servicekit/followup on arbitrary input", () => {
  fuzz("FollowUp.policy", args(anyOr(followUpSpec)), (s) => FollowUp.policy(s as FollowUp.FollowUpPolicySpec))
  fuzz("FollowUp.decodePolicy", args(anyOr(followUpSpec)), (s) => FollowUp.decodePolicy(s))
  fuzz("FollowUp.isPolicy", args(anyOr(followUp)), (p) => FollowUp.isPolicy(p))
  fuzz("FollowUp.plan", args(eventsOr(history), anyOr(planOptions)), (h, o) =>
    FollowUp.plan(h as Ticket.TicketEvent[], o as FollowUp.PlanOptions),
  )
  fuzz(
    "ServiceLevel.make",
    args(
      anyOr({
        name: "Gold",
        calendar: rome,
        channels: ["email"],
        sla: policies,
        followUp,
        goals: { attention: 0.9 },
      }),
    ),
    (l) => FollowUp.ServiceLevel.make(l as FollowUp.ServiceLevel.ServiceLevel),
  )
  fuzz("ServiceLevel.evaluate", args(anyOr(level), eventsOr(history), instantOr(now)), (l, h, t) =>
    FollowUp.ServiceLevel.evaluate(
      l as FollowUp.ServiceLevel.ServiceLevel,
      h as Ticket.TicketEvent[],
      t as Date,
    ),
  )
  fuzz("ServiceLevel.plan", args(anyOr(level), eventsOr(history), instantOr(now)), (l, h, t) =>
    FollowUp.ServiceLevel.plan(l as FollowUp.ServiceLevel.ServiceLevel, h as Ticket.TicketEvent[], t as Date),
  )
})

describe("servicekit/automation on arbitrary input", () => {
  const ruleSpecs: ReadonlyArray<Automation.RuleSpec> = [
    {
      id: "breach",
      when: { sla: { metric: "firstReply", state: "breached" }, ticket: { tags: { any: ["vip"] } } },
      actions: [{ do: "raisePriority" }, { do: "addTags", tags: ["sla-breached"] }],
    },
    {
      id: "pending",
      when: {
        ticket: { status: ["pending"] },
        inStatus: { atLeast: "PT18H" },
        noReply: { atLeast: 3_600_000 },
      },
      actions: [
        { do: "notify", to: "customer", kind: "pendingReminder" },
        { do: "setStatus", status: "solved" },
      ],
    },
    {
      id: "chased",
      when: {
        ticket: { counts: { chases: { gte: 1 } } },
        followUp: { kind: "chaseEscalation", state: "due" },
      },
      actions: [
        { do: "assign", group: "leads" },
        { do: "setField", field: "product", value: "billing" },
      ],
    },
  ]
  const ruleSet = Automation.rules(ruleSpecs)
  const automationOptions = {
    rules: ruleSet,
    calendar: rome,
    now,
    sla: { policies },
    followUp: { policy: followUp },
  }
  fuzz("Automation.rules", args(anyOr(ruleSpecs)), (s) => Automation.rules(s as Automation.RuleSpec[]))
  fuzz("Automation.decodeRules", args(anyOr(ruleSpecs)), (s) => Automation.decodeRules(s))
  fuzz("Automation.isRuleSet", args(anyOr(ruleSet)), (s) => Automation.isRuleSet(s))
  fuzz("Automation.lint", args(anyOr(ruleSet)), (s) => Automation.lint(s as Automation.RuleSet))
  fuzz("Automation.plan", args(eventsOr(history), anyOr(automationOptions)), (h, o) =>
    Automation.plan(h as Ticket.TicketEvent[], o as Automation.PlanOptions),
  )
})

describe("servicekit/testing on arbitrary input", () => {
  fuzz("givenTicket().when", args(eventsOr(history), commandOr), (h, c) =>
    givenTicket(h as Ticket.TicketEvent[]).when(c as Ticket.TicketCommand),
  )
})

describe("servicekit/desk on arbitrary input (Promise facade over the memory store)", () => {
  const config = { serviceLevel: level, maxAttempts: 3, batchSize: 10, leaseMs: 60_000 }
  const deskCommands = commands.map(({ ticketId: _, ...c }) => c)
  const fuzzDesk = (
    entry: string,
    input: fc.Arbitrary<ReadonlyArray<unknown>>,
    call: (desk: Desk.PromiseDesk, a: ReadonlyArray<unknown>) => Promise<unknown>,
  ) =>
    it(entry, async () => {
      await fc.assert(
        fc.asyncProperty(input, async (a) => {
          let desk: Desk.PromiseDesk | undefined
          const outcome = await timedAsync(entry, async () => {
            desk = Desk.createDesk({
              config: a[0] as Desk.DeskConfig,
              store: Desk.memoryStore(),
              send: async () => {},
            })
            // A ticket to work on: opened by a valid command, so that later commands reach decide.
            await desk.execute("T-1", deskCommands[0] as Desk.DeskCommand)
            return call(desk, a)
          })
          await desk?.dispose()
          if (!outcome.ok) return expectTagged(outcome.error, entry)
          expectSaneDates(outcome.value, entry)
        }),
        { numRuns: Math.max(1, Math.round(RUNS / 3)) },
      )
    })
  const deskCommand = fc.constantFrom(...deskCommands).chain(anyOr)
  fuzzDesk(
    "createDesk+execute",
    args(anyOr(config), anyOr("T-1"), deskCommand, anyOr({ idempotencyKey: "k" })),
    (d, a) => d.execute(a[1] as string, a[2] as Desk.DeskCommand, a[3] as Desk.ExecuteOptions),
  )
  fuzzDesk("createDesk+status", args(anyOr(config), anyOr("T-1")), (d, a) => d.status(a[1] as string))
  fuzzDesk("createDesk+tick", args(anyOr(config)), (d) => d.tick())
})

describe("servicekit/postgres on arbitrary input (shapes of clients and options; no database)", () => {
  const client: Postgres.SqlClient = {
    query: async () => ({ rows: [] }),
    transaction: async (fn) => fn({ query: async () => ({ rows: [] }) }),
  }
  const pool: Postgres.PgPoolLike = {
    query: async () => ({ rows: [] }),
    connect: async () => ({ query: async () => ({ rows: [] }), release: () => {} }),
  }
  const sql: Postgres.PostgresJsLike = {
    unsafe: async () => [],
    begin: async (_options, fn) => fn({ unsafe: async () => [] }),
  }
  fuzz(
    "Postgres.postgresStore",
    args(anyOr(client), anyOr({ schema: "servicekit" })),
    (d, o) => Postgres.postgresStore(d as Postgres.SqlClient, o as Postgres.PostgresOptions),
    () => {},
    false,
  )
  fuzz(
    "Postgres.fromPg",
    args(anyOr(pool)),
    (p) => Postgres.fromPg(p as Postgres.PgPoolLike),
    () => {},
    false,
  )
  fuzz(
    "Postgres.fromPostgresJs",
    args(anyOr(sql)),
    (s) => Postgres.fromPostgresJs(s as Postgres.PostgresJsLike),
    () => {},
    false,
  )
})

describe("servicekit/metrics on arbitrary input", () => {
  const scores = [5, 4, 3, 1, 5]
  fuzz("Metrics.csat", args(anyOr(scores), anyOr({ scale: 5 })), (s, o) =>
    Metrics.csat(s as number[], o as Metrics.CsatOptions),
  )
  fuzz("Metrics.nps", args(anyOr([10, 9, 0, 7]), anyOr({ surveyed: 10 })), (s, o) =>
    Metrics.nps(s as number[], o as Metrics.NpsOptions),
  )
  fuzz(
    "Metrics.ces",
    args(anyOr([7, 6, 1, 7]), anyOr({ scale: 7 })),
    (s, o) => Metrics.ces(s as number[], o as Metrics.CesOptions),
    (r) => {
      const ces = r as Metrics.Ces
      if (ces.interval !== null) {
        expect(ces.interval.lower, "Metrics.ces: interval below 1").toBeGreaterThanOrEqual(1)
        expect(ces.interval.upper, "Metrics.ces: interval above the scale").toBeLessThanOrEqual(ces.scale)
      }
    },
  )
  fuzz("Metrics.wilson", args(anyOr(3), anyOr(10)), (s, n) => Metrics.wilson(s as number, n as number))
  fuzz("Metrics.proportion", args(anyOr(3), anyOr(10)), (s, n) =>
    Metrics.proportion(s as number, n as number),
  )
  fuzz(
    "Metrics.measure",
    args(eventsOr(history), anyOr({ now, calendar: rome, sla: { policies }, followUp })),
    (h, o) => Metrics.measure(h as Ticket.TicketEvent[], o as Metrics.MeasureOptions),
    (m) => {
      if (m !== undefined && m !== null) roundTrips(m, Metrics.decodeMeasure, "Metrics.measure")
    },
  )
  fuzz(
    "Metrics.decodeMeasure",
    args(anyOr(measureJSON)),
    (j) => Metrics.decodeMeasure(j),
    (m) => roundTrips(m as Metrics.TicketMeasure, Metrics.decodeMeasure, "Metrics.decodeMeasure"),
  )
  fuzz(
    "Metrics.QuantileSketch.fromJSON",
    args(anyOr(sketchJSON)),
    (j) => Metrics.QuantileSketch.fromJSON(j),
    (s) => {
      const json = (s as Metrics.QuantileSketch).toJSON()
      expect(Metrics.QuantileSketch.fromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toStrictEqual(json)
    },
  )
  fuzz(
    "Metrics.QuantileSketch.add",
    args(anyOr({ relativeAccuracy: 0.01 }), anyOr(120), anyOr(2)),
    (o, v, n) =>
      new Metrics.QuantileSketch(o as Metrics.QuantileSketchOptions)
        .add(v as number, n as number)
        .quantile(0.5),
  )
  fuzz(
    "Metrics.Accumulator.fromJSON",
    args(anyOr(accJSON), anyOr(metricsOptions)),
    (j, o) => Metrics.Accumulator.fromJSON(j, o as Metrics.AccumulatorOptions),
    (acc, [, o]) => {
      const json = JSON.parse(JSON.stringify(acc)) as unknown
      const again = Metrics.Accumulator.fromJSON(json, o as Metrics.AccumulatorOptions)
      expect(JSON.stringify(again)).toBe(JSON.stringify(acc))
    },
  )
  fuzz("Metrics.accumulator.add", args(anyOr(metricsOptions), eventsOr(history)), (o, h) =>
    Metrics.accumulator(o as Metrics.AccumulatorOptions)
      .add(h as Ticket.TicketEvent[])
      .result(),
  )
  fuzz("Metrics.scorecard", args(anyOr([history, other]), anyOr(cardOptions)), (t, o) =>
    Metrics.scorecard(t as Ticket.TicketEvent[][], o as Metrics.ScorecardOptions),
  )
  fuzz("Metrics.renderScorecard", args(anyOr(card)), (c) => Metrics.renderScorecard(c as Metrics.Scorecard))
})

// ── the desk's own words, data that changes, clocks as data, several agreements ─────────────

const deskSpec: Ticket.VocabularySpec = {
  channels: ["email", "whatsapp"],
  priorities: ["P4", "P3", "P2", "P1"],
  statuses: { awaitingVendor: "onHold" },
  fields: { seats: "number", renewalDate: "date", plan: "string", components: "strings" },
}
const desk = Ticket.vocabulary(deskSpec)
const deskHistory: ReadonlyArray<Ticket.TicketEvent> = [
  {
    type: "TicketOpened",
    ticketId: "T-9",
    at: at(3, 9),
    channel: "whatsapp",
    priority: "P2",
    requester: { id: "c-9", tier: "silver", organization: "Acme" },
    fields: { seats: 120, renewalDate: at(30, 0) },
  },
  { type: "TagsAdded", ticketId: "T-9", at: at(3, 9, 5), tags: ["vip"] },
  { type: "FieldSet", ticketId: "T-9", at: at(3, 9, 6), field: "plan", value: "enterprise" },
  { type: "RequesterChanged", ticketId: "T-9", at: at(3, 9, 7), requester: { id: "c-9", tier: "gold" } },
  { type: "TicketAssigned", ticketId: "T-9", at: at(3, 9, 8), groupId: "L2" },
  { type: "StatusChanged", ticketId: "T-9", at: at(3, 10), status: "onHold", customStatus: "awaitingVendor" },
  { type: "StatusChanged", ticketId: "T-9", at: at(3, 11), status: "open" },
  { type: "TagsRemoved", ticketId: "T-9", at: at(3, 11, 5), tags: ["vip"] },
  { type: "FieldCleared", ticketId: "T-9", at: at(3, 11, 6), field: "seats" },
]
const clockSpec: Sla.ClockSpec = {
  metric: "vendorWait",
  start: { on: "StatusChanged", when: { customStatus: ["awaitingVendor"] } },
  stop: { on: "StatusChanged", when: { not: { customStatus: ["awaitingVendor"] } } },
  cancel: { on: "TagsAdded", when: { tags: { any: ["no-vendor"] } } },
  reset: [{ on: "FieldSet", when: { fields: { plan: { equals: "enterprise" } } } }],
  cycles: "repeating",
}
const deskPolicy = Sla.policy(
  {
    id: "gold",
    when: { tier: ["gold"], fields: { seats: { gte: 100 } }, tags: { none: ["spam"] } },
    targets: { P2: { resolution: "PT8H", vendorWait: "PT4H" } },
  },
  { vocabulary: desk, metrics: ["vendorWait"] },
)
const deskClocks = [...Sla.builtinClocks, Sla.clock(clockSpec, { vocabulary: desk })]
const agreementsOptions: Sla.AgreementsOptions = {
  agreements: {
    customer: { policies: [deskPolicy], calendar: rome, clocks: deskClocks },
    l2: { policies: [Sla.policy({ id: "ola", targets: {} })], calendar: rome, while: { group: ["L2"] } },
  },
  now,
  vocabulary: desk,
}

describe("the desk's words, clocks as data and agreements on arbitrary input", () => {
  fuzz(
    "Ticket.vocabulary",
    args(anyOr(deskSpec)),
    (s) => Ticket.vocabulary(s as Ticket.VocabularySpec),
    () => {},
    false,
  )
  fuzz(
    "Ticket.decodeVocabulary",
    args(anyOr(deskSpec)),
    (s) => Ticket.decodeVocabulary(s),
    () => {},
    false,
  )
  fuzz("Ticket.decider(desk).replay", args(eventsOr(deskHistory)), (h) =>
    Ticket.decider(desk).replay(h as Ticket.TicketEvent[]),
  )
  fuzz("Ticket.decodeEvent(desk)", args(fc.constantFrom(...deskHistory).chain(anyOr)), (e) =>
    Ticket.decodeEvent(e, desk),
  )
  fuzz(
    "Ticket.decider(desk).decide",
    args(
      anyOr({
        type: "SetField",
        ticketId: "T-9",
        at: at(3, 12),
        field: "renewalDate",
        value: "2026-01-01T00:00:00Z",
      }),
    ),
    (c) => Ticket.decider(desk).decide(Ticket.replay(deskHistory, desk), c as Ticket.TicketCommand),
  )
  fuzz(
    "Sla.decodeClock",
    args(anyOr(clockSpec), anyOr({ vocabulary: desk })),
    (s, o) => Sla.decodeClock(s, o as Sla.ClockOptions),
    () => {},
    false,
  )
  fuzz(
    "Sla.policy(desk)",
    args(
      anyOr({
        id: "x",
        when: { fields: { seats: { gt: 3 } }, customStatus: ["awaitingVendor"] },
        targets: { P1: { resolution: "PT1H" } },
      }),
    ),
    (s) => Sla.policy(s as Sla.PolicySpec, { vocabulary: desk }),
  )
  fuzz(
    "Sla.agreement",
    args(anyOr(agreementsOptions.agreements.l2)),
    (a) => Sla.agreement(a as Sla.Agreement, { vocabulary: desk }),
    () => {},
    false,
  )
  fuzz("Sla.evaluate(agreements)", args(eventsOr(deskHistory), anyOr(agreementsOptions)), (h, o) =>
    Sla.evaluate(h as Ticket.TicketEvent[], o as Sla.AgreementsOptions),
  )
})
