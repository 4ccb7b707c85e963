// Every public metrics entry point on any input: a normal result or an InvalidMetrics (thrown, or
// in a Result) whose field names the parameter, quickly — never a TypeError or RangeError from
// deep inside, never a hang, never nonsense accepted. Inputs are anything fast-check makes
// (BigInt, Symbol, NaN, ±Infinity, ±1e16, sparse and typed arrays, null-prototype objects, deep
// nesting) and valid inputs with one field replaced, removed or added, so that the fuzz gets past
// the first check and into the code behind it.
import * as Result from "effect/Result"
import fc from "fast-check"
import { Calendar, FollowUp, Metrics, Sla, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { anyOr, mutationOf, weird } from "../package/fuzz-inputs.js"

const RUNS = Number(process.env.MISUSE_RUNS ?? 300)
/** Far above what any call here takes (microseconds to a few ms); a hang or a blow-up passes it. */
const QUICK_MS = 250

// ── inputs ──────────────────────────────────────────────────────────────────────────────────

// The special values, `weird`, and the mutations of valid inputs are the package fuzz test's.

// ── valid inputs to mutate ──────────────────────────────────────────────────────────────────

const at = (iso: string) => new Date(`2025-06-0${iso}Z`)
const now = at("9T12:00:00")
const history: ReadonlyArray<Ticket.TicketEvent> = [
  {
    type: "TicketOpened",
    ticketId: "T-1",
    at: at("3T09:00:00"),
    channel: "email",
    priority: "normal",
    requester: { id: "c-1" },
  },
  { type: "AgentReplied", ticketId: "T-1", at: at("3T09:30:00"), agentId: "a-1" },
  {
    type: "PromiseMade",
    ticketId: "T-1",
    at: at("3T09:30:00"),
    promiseId: "p",
    dueAt: at("3T12:00:00"),
    summary: "call",
  },
  { type: "PromiseKept", ticketId: "T-1", at: at("3T11:00:00"), promiseId: "p" },
  { type: "CustomerChased", ticketId: "T-1", at: at("3T11:10:00") },
  { type: "StatusChanged", ticketId: "T-1", at: at("3T11:30:00"), status: "solved" },
  { type: "StatusChanged", ticketId: "T-1", at: at("3T12:30:00"), status: "open" },
  { type: "FollowUpSent", ticketId: "T-1", at: at("3T12:40:00"), taskId: "T-1/survey/csat", kind: "survey" },
  { type: "SurveyAnswered", ticketId: "T-1", at: at("3T13:00:00"), survey: "csat", score: 4 },
  { type: "TicketAssigned", ticketId: "T-1", at: at("3T13:10:00"), agentId: "a-2", groupId: "g" },
  { type: "StatusChanged", ticketId: "T-1", at: at("3T14:00:00"), status: "solved" },
]
const other: ReadonlyArray<Ticket.TicketEvent> = [
  {
    type: "TicketOpened",
    ticketId: "T-2",
    at: at("4T17:00:00"),
    channel: "chat",
    priority: "high",
    requester: { id: "c-2" },
  },
  { type: "CustomerMessaged", ticketId: "T-2", at: at("4T17:05:00") },
]
const calendar = Calendar.make({
  timeZone: "Europe/Rome",
  hours: { mon: ["09:00-18:00"], tue: ["09:00-18:00"] },
})
const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H", resolution: "P1D" } } })]
const followUp = FollowUp.policy({ acknowledge: { within: "PT1H" } })
const options: Metrics.AccumulatorOptions = {
  now,
  calendar,
  groupBy: ["channel", "period"],
  period: { unit: "week", timeZone: "Europe/Rome" },
  oneTouch: { maxReplies: 2, allowReopen: true },
}
const filled = Metrics.accumulator(options).add(history).add(other)
const accJSON = JSON.parse(JSON.stringify(filled)) as Metrics.AccumulatorJSON
const measureOf = Metrics.measure(history, { now, calendar, sla: { policies }, followUp })!
const measureJSON = JSON.parse(JSON.stringify(measureOf)) as Record<string, unknown>
const sketch = new Metrics.QuantileSketch().add(0).add(120).add(3_600_000).add(5, 3)
const sketchJSON = sketch.toJSON()
const cardOptions: Metrics.ScorecardOptions = { policies, calendar, now, followUp, channels: ["email"] }
const card = Metrics.scorecard([history, other, measureOf], cardOptions)

// ── the bar every call must meet ────────────────────────────────────────────────────────────

const fail = (what: string, e: unknown): never => {
  throw new Error(`${what}: not a tagged error: ${e instanceof Error ? `${e.name}: ${e.message}` : typeof e}`)
}

/** Checks that `e` is a well-formed InvalidMetrics whose field names one of `roots`. */
const expectTagged = (e: unknown, roots: ReadonlyArray<string>, what: string): void => {
  if (!(e instanceof Metrics.InvalidMetrics)) fail(what, e)
  const err = e as Metrics.InvalidMetrics
  expect(err._tag).toBe("InvalidMetrics")
  expect(typeof err.field).toBe("string")
  expect(typeof err.reason).toBe("string")
  expect(err.reason.length).toBeGreaterThan(0)
  expect(err.message).toBe(`${err.field}: ${err.reason}`)
  // Every problem of a measure may be listed (some 35 fields), but no value is echoed at length.
  expect(err.message.length).toBeLessThan(8_000)
  const root = err.field.split(/[.[]/)[0]!
  expect(roots, `${what}: field ${err.field}`).toContain(root)
}

/** Runs `run`: it returns (what it returns is given back) or throws an InvalidMetrics naming one of `roots`. */
const bar = <A>(what: string, roots: ReadonlyArray<string>, run: () => A): A | undefined => {
  const t0 = performance.now()
  try {
    return run()
  } catch (e) {
    expectTagged(e, roots, what)
    return undefined
  } finally {
    expect(performance.now() - t0, `${what} took too long`).toBeLessThan(QUICK_MS)
  }
}

/** `fc.assert`, with a failure's counterexample cut short (a calendar prints as pages of tables). */
const check = <T extends Array<unknown>>(property: fc.IProperty<T>): void => {
  const details = fc.check(property, { numRuns: RUNS })
  if (!details.failed) return
  const example = fc.stringify(details.counterexample).slice(0, 1_500)
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
  throw new Error(`${cause.slice(0, 1_500)}\n  counterexample (seed ${details.seed}): ${example}`)
}

const OPTION_ROOTS = [
  "options",
  "now",
  "calendar",
  "sla",
  "followUp",
  "channels",
  "groupBy",
  "period",
  "oneTouch",
]

describe("every public metrics entry point, on any input, answers or refuses with InvalidMetrics", () => {
  it("csat, nps, ces (and their intervals stay inside their ranges)", () => {
    const scores = fc.oneof(
      weird,
      fc.array(fc.oneof(fc.integer({ min: -1, max: 11 }), weird), { maxLength: 20 }),
    )
    const opts = fc.oneof(
      weird,
      fc.record(
        { scale: fc.oneof(fc.integer({ min: 1, max: 11 }), weird), surveyed: fc.oneof(fc.nat(30), weird) },
        {
          requiredKeys: [],
        },
      ),
      mutationOf({ scale: 5, surveyed: 10 }),
    )
    check(
      fc.property(scores, opts, (s, o) => {
        const c = bar("csat", ["scores", "options", "scale", "surveyed"], () =>
          Metrics.csat(s as Array<number>, o as Metrics.CsatOptions),
        )
        if (c?.interval) expect([c.interval.lower >= 0, c.interval.upper <= 1]).toEqual([true, true])
        const n = bar("nps", ["scores", "options", "surveyed"], () =>
          Metrics.nps(s as Array<number>, o as Metrics.NpsOptions),
        )
        if (n?.interval) expect([n.interval.lower >= -100, n.interval.upper <= 100]).toEqual([true, true])
        const e = bar("ces", ["scores", "options", "scale", "surveyed"], () =>
          Metrics.ces(s as Array<number>, o as Metrics.CesOptions),
        )
        if (e?.interval) expect([e.interval.lower >= 1, e.interval.upper <= e.scale]).toEqual([true, true])
      }),
    )
  })

  it("wilson and proportion", () => {
    const count = fc.oneof(fc.integer({ min: -2, max: 2 ** 53 }), weird)
    check(
      fc.property(count, count, (a, b) => {
        const w = bar("wilson", ["successes", "n"], () => Metrics.wilson(a as number, b as number))
        if (w) expect(w.lower >= 0 && w.upper <= 1 && w.lower <= w.upper).toBe(true)
        bar("proportion", ["successes", "n"], () => Metrics.proportion(a as number, b as number))
      }),
    )
  })

  it("Metrics.accumulator(options)", () => {
    check(
      fc.property(anyOr(options), (o) => {
        const acc = bar("accumulator", OPTION_ROOTS, () =>
          Metrics.accumulator(o as Metrics.AccumulatorOptions),
        )
        if (acc) {
          bar("add", ["events"], () => acc.add(history))
          acc.result()
          acc.toJSON()
        }
      }),
    )
  })

  it("add, addMeasure and merge, then result and toJSON still work", () => {
    check(
      fc.property(
        fc.array(
          fc.oneof(
            anyOr(history).map((x) => ["add", x] as const),
            anyOr(other).map((x) => ["add", x] as const),
            anyOr(measureOf).map((x) => ["addMeasure", x] as const),
            anyOr(measureJSON).map((x) => ["addMeasure", x] as const),
            weird.map((x) => ["merge", x] as const),
            fc.constant(["merge", filled] as const),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (steps) => {
          const acc = Metrics.accumulator(options)
          for (const [method, arg] of steps) {
            const before = JSON.stringify(acc)
            const done = bar(
              method,
              method === "add" ? ["events"] : method === "merge" ? ["other"] : ["measure"],
              () => (acc[method] as (x: unknown) => Metrics.Accumulator)(arg),
            )
            // A refused call counts nothing of what it was given.
            if (done === undefined) expect(JSON.stringify(acc)).toBe(before)
          }
          const result = acc.result()
          expect(result.overall.tickets).toBeGreaterThanOrEqual(0)
          const json = acc.toJSON()
          expect(Metrics.Accumulator.fromJSON(JSON.parse(JSON.stringify(json)), options).toJSON()).toEqual(
            json,
          )
        },
      ),
    )
  })

  it("Accumulator.fromJSON: a restored accumulator's result and JSON never fail", () => {
    check(
      fc.property(
        anyOr(accJSON),
        fc.oneof({ weight: 4, arbitrary: fc.constant(options) }, anyOr(options)),
        (j, o) => {
          const acc = bar("fromJSON", ["json", ...OPTION_ROOTS], () =>
            Metrics.Accumulator.fromJSON(j, o as Metrics.AccumulatorOptions),
          )
          if (acc) {
            const result = acc.result()
            for (const g of [result.overall, ...result.groups.map((x) => x.report)]) {
              for (const p of [
                g.oneTouch,
                g.reopened,
                g.chased,
                g.notChased,
                g.inHours,
                g.promisesKeptOnTime,
              ])
                expect(p.rate === null || (p.rate >= 0 && p.rate <= 1)).toBe(true)
              expect(g.backlog.open).toBeLessThanOrEqual(g.tickets)
            }
            const json = acc.toJSON()
            expect(
              Metrics.Accumulator.fromJSON(
                JSON.parse(JSON.stringify(json)),
                o as Metrics.AccumulatorOptions,
              ).toJSON(),
            ).toEqual(json)
          }
        },
      ),
    )
  })

  it("measure(events, options)", () => {
    const measureOptions = { now, calendar, sla: { policies }, followUp }
    check(
      fc.property(
        fc.oneof(anyOr(history), fc.constant(history)),
        fc.oneof({ weight: 2, arbitrary: fc.constant(measureOptions) }, anyOr(measureOptions)),
        (events, o) => {
          const m = bar("measure", ["events", ...OPTION_ROOTS], () =>
            Metrics.measure(events as Array<Ticket.TicketEvent>, o as Metrics.MeasureOptions),
          )
          if (m) expect(Result.isSuccess(Metrics.decodeMeasure(JSON.parse(JSON.stringify(m))))).toBe(true)
        },
      ),
    )
  })

  it("decodeMeasure never throws: a measure, or an InvalidMetrics naming the measure's field", () => {
    check(
      fc.property(fc.oneof(anyOr(measureJSON), anyOr(measureOf)), (input) => {
        const decoded = bar("decodeMeasure", [], () => Metrics.decodeMeasure(input))!
        if (Result.isFailure(decoded)) expectTagged(decoded.failure, ["measure"], "decodeMeasure")
        else {
          // What decodes, counts: an accumulator at its asOf takes it.
          const acc = Metrics.accumulator({ now: decoded.success.asOf })
          bar("addMeasure of a decoded measure", ["measure"], () => acc.addMeasure(decoded.success))
          acc.result()
        }
      }),
    )
  })

  it("QuantileSketch: constructor, add, quantile, merge, fromJSON", () => {
    check(
      fc.property(
        anyOr({ relativeAccuracy: 0.01 }),
        fc.oneof(fc.double(), weird),
        fc.oneof(fc.integer({ min: -1, max: 3 }), weird),
        fc.oneof(fc.double({ min: 0, max: 1 }), weird),
        anyOr(sketchJSON),
        (o, value, count, q, j) => {
          const s = bar(
            "new QuantileSketch",
            ["options", "relativeAccuracy"],
            () => new Metrics.QuantileSketch(o as {}),
          )
          bar("add", ["value", "count"], () => s?.add(value as number, count as number))
          bar("quantile", ["q"], () => s?.quantile(q as number))
          bar("merge", ["other", "relativeAccuracy"], () => s?.merge(j as Metrics.QuantileSketch))
          const restored = bar(
            "fromJSON",
            [
              "", // an odd key of the JSON itself: [""], ["a b"]
              "sketch",
              "relativeAccuracy",
              "count",
              "sum",
              "min",
              "max",
              "zeroCount",
              "offset",
              "bins",
              // fields are named inside the sketch's JSON: an unknown key by its own name
              ...(typeof j === "object" && j !== null ? Object.keys(j) : []),
            ],
            () => Metrics.QuantileSketch.fromJSON(j),
          )
          if (restored && restored.count > 0) {
            expect(restored.mean! >= restored.min! * (1 - 1e-9)).toBe(true)
            expect(restored.mean! <= restored.max! * (1 + 1e-9)).toBe(true)
            for (const p of [0, 0.5, 0.9, 1]) expect(restored.quantile(p)).not.toBeNaN()
            expect(Metrics.QuantileSketch.fromJSON(restored.toJSON()).toJSON()).toEqual(restored.toJSON())
            bar("merge of a restored sketch", ["other", "relativeAccuracy"], () =>
              new Metrics.QuantileSketch().merge(restored).merge(sketch),
            )
          }
        },
      ),
    )
  })

  it("scorecard(tickets, options)", () => {
    check(
      fc.property(
        fc.oneof(anyOr([history, other, measureOf]), fc.constant([history, measureOf])),
        fc.oneof({ weight: 1, arbitrary: fc.constant(cardOptions) }, anyOr(cardOptions)),
        (tickets, o) => {
          const c = bar(
            "scorecard",
            ["tickets", "options", "policies", "predicates", "serviceLevel", "goals", ...OPTION_ROOTS],
            () =>
              Metrics.scorecard(tickets as Array<Array<Ticket.TicketEvent>>, o as Metrics.ScorecardOptions),
          )
          if (c) expect(Metrics.renderScorecard(c)).toContain("Service-level scorecard")
        },
      ),
    )
  })

  it("renderScorecard(card)", () => {
    const json = JSON.parse(JSON.stringify(card))
    expect(Metrics.renderScorecard(json)).toBe(Metrics.renderScorecard(card))
    check(
      fc.property(anyOr(json), (c) => {
        const text = bar("renderScorecard", ["card"], () => Metrics.renderScorecard(c as Metrics.Scorecard))
        if (text !== undefined) {
          expect(text).not.toContain("undefined")
          expect(text).not.toContain("NaN")
        }
      }),
    )
  })
})
