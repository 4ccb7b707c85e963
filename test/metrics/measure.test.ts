// Metrics.measure / Accumulator.addMeasure / decodeMeasure: a ticket's measure counts exactly as
// its history does, at any `now` until `changesAt`; stale, early and malformed measures are refused.

import * as Result from "effect/Result"
import fc from "fast-check"
import { type Calendar, Metrics, Sla } from "servicekit"
import { describe, expect, it } from "vitest"
import { isoMs } from "../../src/metrics/read-measure.js"
import {
  arbCalendar,
  arbHistory,
  arbNow,
  arbPolicy,
  type History,
  slaPolicies,
} from "../followup/arbitraries.js"
import { HOUR, nextMon, office, story, tue, wed } from "../followup/story.js"
import { fieldOf } from "./invalid.js"

const now = nextMon("12:00")
const roundTrip = (m: Metrics.TicketMeasure): Metrics.TicketMeasure =>
  Result.getOrThrow(Metrics.decodeMeasure(JSON.parse(JSON.stringify(m))))

// Answered in 30 min, a promise due Wednesday 10:00 not kept yet, waiting on the desk since 11:00.
const open = story("T-1")
  .opened(tue("09:00"))
  .reply(tue("09:30"))
  .promise(tue("09:30"), "p1", wed("10:00"))
  .status(tue("10:00"), "pending")
  .status(tue("11:00"), "open")

describe("Metrics.measure: what one ticket contributes", () => {
  it("records the ticket's figures at asOf, in Dates and ms", () => {
    const m = Metrics.measure(open.events, { now: tue("12:00"), calendar: office })!
    expect(m).toMatchObject({
      ticketId: "T-1",
      asOf: tue("12:00"),
      openedAt: tue("09:00"),
      channel: "email",
      solved: false,
      replies: 1,
      firstReplyMs: 30 * 60_000,
      firstReplyBusinessMs: 30 * 60_000,
      firstResolutionMs: null,
      waitingSince: tue("11:00"),
      // 09:00–10:00 waited (new/open), 10:00–11:00 pending (the requester's move).
      requesterWaitMs: HOUR,
      promisesDue: 0,
    })
    // The promise falls due on Wednesday 10:00: counted (broken) from the next millisecond.
    expect(m.changesAt).toEqual(new Date(wed("10:00").getTime() + 1))
  })

  it("stops at the first event after asOf, which changes the figures", () => {
    const m = Metrics.measure(open.events, { now: tue("09:15"), calendar: office })!
    expect(m.replies).toBe(0)
    expect(m.changesAt).toEqual(tue("09:30"))
  })

  it("returns undefined when no ticket was opened by asOf", () => {
    expect(Metrics.measure(open.events, { now: tue("08:00") })).toBeUndefined()
    expect(Metrics.measure([], { now })).toBeUndefined()
  })

  it("has changesAt null when only a new event can change the figures", () => {
    const solved = story("T-2").opened(tue("09:00")).reply(tue("09:30")).solved(tue("10:00"))
    expect(Metrics.measure(solved.events, { now, calendar: office })!.changesAt).toBeNull()
  })

  it("lists SLA clocks achieved or breached, and sets changesAt where a running clock changes", () => {
    const policies = [
      Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H", resolution: "PT8H" } } }),
    ]
    const m = Metrics.measure(open.events, { now: tue("12:00"), calendar: office, sla: { policies } })!
    expect(m.slaAchieved).toEqual(["firstReply"])
    expect(m.slaBreached).toEqual([])
    // resolution runs (8 business h from 09:00, less the pending hour): due Wednesday 10:00.
    const status = Sla.evaluate(open.events, { policies, calendar: office, now: tue("12:00") })
    expect(m.changesAt!.getTime()).toBeLessThanOrEqual(status.nextChangeAt!.getTime())
  })
})

/** `h` with up to two assignments (to an agent, a group, or both) after its first event, at the instant of the event before. */
const withAssignments = (h: History): fc.Arbitrary<History> =>
  fc
    .array(
      fc.record({
        after: fc.nat(h.events.length - 1),
        agentId: fc.option(fc.constantFrom("a-1", "a-2"), { nil: undefined }),
        groupId: fc.option(fc.constantFrom("billing", "tech"), { nil: undefined }),
      }),
      { maxLength: 2 },
    )
    .map((assignments) => {
      const events = [...h.events]
      for (const { after, agentId, groupId } of assignments.sort((a, b) => b.after - a.after)) {
        const before = events[after]!
        events.splice(after + 1, 0, {
          type: "TicketAssigned",
          ticketId: before.ticketId,
          at: before.at,
          ...(agentId !== undefined && { agentId }),
          ...(groupId !== undefined && { groupId }),
        })
      }
      return { events, end: h.end }
    })

describe("Accumulator.addMeasure counts a measure as add counts the history", () => {
  const options = (at: number, c: Calendar.Calendar) => ({
    now: at,
    calendar: c,
    groupBy: ["channel", "priority", "agent", "group", "period"] as const,
    period: { unit: "week" as const, timeZone: "Europe/Rome" },
  })

  it("at any now from asOf until changesAt, through JSON too (property)", () => {
    fc.assert(
      fc.property(
        arbHistory.chain(withAssignments).chain((h) =>
          fc.record({
            h: fc.constant(h),
            asOf: arbNow(h),
            later: fc.nat(3 * 24 * 3_600_000),
            policy: fc.option(arbPolicy, { nil: undefined }),
            sla: fc.boolean(),
            cal: arbCalendar,
          }),
        ),
        ({ h, asOf, later, policy, sla, cal }) => {
          const slaOptions = sla || policy?.escalateOnSla ? { sla: { policies: slaPolicies } } : {}
          const policies = { ...slaOptions, ...(policy && { followUp: policy }) }
          const m = Metrics.measure(h.events, { now: asOf, calendar: cal.calendar, ...policies })
          const at = asOf + later
          const byHistory = Metrics.accumulator({ ...options(at, cal.calendar), ...policies })
          const byMeasure = Metrics.accumulator({ ...options(at, cal.calendar), ...policies })
          if (m === undefined) {
            byHistory.add(h.events.filter((e) => e.at.getTime() <= asOf))
            expect(byHistory.result().overall.tickets).toBe(0)
            return
          }
          if (m.changesAt !== null && m.changesAt.getTime() <= at) {
            expect(fieldOf(() => byMeasure.addMeasure(m))).toBe("measure.changesAt")
            return
          }
          byHistory.add(h.events)
          byMeasure.addMeasure(roundTrip(m))
          expect(byMeasure.toJSON()).toEqual(byHistory.toJSON())
        },
      ),
      { numRuns: 300 },
    )
  })

  it("makes the same scorecard from measures as from histories", () => {
    const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })]
    const t2 = story("T-2").opened(tue("09:00")).reply(wed("09:00")).solved(wed("10:00"))
    const histories = [open.events, t2.events]
    const options = { policies, calendar: office, now }
    const measures = histories.map(
      (events) => Metrics.measure(events, { now: tue("12:00"), calendar: office, sla: { policies } })!,
    )
    // T-1's promise falls due before now: its measure from Tuesday noon is stale.
    expect(fieldOf(() => Metrics.scorecard(measures, options))).toBe("tickets[0].changesAt")
    const fresh = histories.map(
      (events) => Metrics.measure(events, { now, calendar: office, sla: { policies } })!,
    )
    expect(Metrics.scorecard(fresh, options)).toEqual(Metrics.scorecard(histories, options))
  })
})

describe("measures refused, naming the field", () => {
  const m = Metrics.measure(open.events, { now: tue("12:00"), calendar: office })!
  const acc = () => Metrics.accumulator({ now: tue("13:00"), calendar: office })

  it("refuses a measure taken after now, or whose figures changed before now", () => {
    expect(fieldOf(() => Metrics.accumulator({ now: tue("11:00") }).addMeasure(m))).toBe("measure.asOf")
    expect(fieldOf(() => Metrics.accumulator({ now: wed("11:00") }).addMeasure(m))).toBe("measure.changesAt")
  })

  it("names each malformed field, and leaves the accumulator as it was", () => {
    const cases: ReadonlyArray<[Record<string, unknown>, string]> = [
      [{ ticketId: "" }, "measure.ticketId"],
      [{ asOf: "2025-06-03T12:00:00Z" }, "measure.asOf"],
      [{ merged: "no" }, "measure.merged"],
      [{ channel: "fax" }, "measure.channel"],
      [{ replies: -1 }, "measure.replies"],
      [{ reopens: 1.5 }, "measure.reopens"],
      [{ firstReplyMs: Number.NaN }, "measure.firstReplyMs"],
      [{ requesterWaitMs: null }, "measure.requesterWaitMs"],
      [{ openedAt: new Date(tue("12:30")) }, "measure.openedAt"],
      [{ promisesKeptOnTime: 2 }, "measure.promisesKeptOnTime"],
      [{ surveyAnswers: [{ survey: "csat", score: 9 }] }, "measure.surveyAnswers[0]"],
      [{ surveysSent: ["csat", "poll"] }, "measure.surveysSent[1]"],
      [{ followUpsLate: ["callBack"] }, "measure.followUpsLate[0]"],
      [{ slaAchieved: "firstReply" }, "measure.slaAchieved"],
    ]
    for (const [change, field] of cases) {
      const a = acc()
      expect(fieldOf(() => a.addMeasure({ ...m, ...change } as never))).toBe(field)
      expect(a.result().overall.tickets).toBe(0)
    }
    expect(fieldOf(() => acc().addMeasure(null as never))).toBe("measure")
  })

  it("accepts epoch milliseconds for instants", () => {
    const numbers = {
      ...m,
      asOf: m.asOf.getTime(),
      openedAt: m.openedAt.getTime(),
      waitingSince: tue("11:00").getTime(),
    }
    const a = acc().addMeasure(numbers as never)
    expect(a.toJSON()).toEqual(acc().addMeasure(m).toJSON())
  })

  it("never writes to the measure it was given", () => {
    const frozen = structuredClone(m)
    const a = acc()
    a.addMeasure(frozen)
    a.add(open.events)
    expect(frozen).toEqual(m)
  })

  it("decodeMeasure names the bad field and rejects unknown keys", () => {
    const stored = JSON.parse(JSON.stringify(m))
    const bad = Metrics.decodeMeasure({ ...stored, replies: -1 })
    expect(Result.isFailure(bad) && bad.failure.field).toBe("measure.replies")
    const extra = Metrics.decodeMeasure({ ...stored, note: "x" })
    expect(Result.isFailure(extra) && extra.failure.field).toBe("measure.note")
    expect(Result.isFailure(Metrics.decodeMeasure("T-1"))).toBe(true)
    const early = Metrics.decodeMeasure({ ...stored, changesAt: stored.asOf })
    expect(Result.isFailure(early) && early.failure.field).toBe("measure.changesAt")
    expect(roundTrip(m)).toEqual(m)
  })

  it("decodeMeasure refuses what addMeasure refuses, naming the same field", () => {
    const stored = JSON.parse(JSON.stringify(m))
    const cases: ReadonlyArray<[Record<string, unknown>, string]> = [
      [{ ticketId: "" }, "measure.ticketId"],
      [{ asOf: "yesterday" }, "measure.asOf"],
      [{ merged: "no" }, "measure.merged"],
      [{ channel: "fax" }, "measure.channel"],
      [{ replies: -1 }, "measure.replies"],
      [{ reopens: 1.5 }, "measure.reopens"],
      [{ requesterWaitMs: null }, "measure.requesterWaitMs"],
      [{ openedAt: "2025-06-03T12:30:00Z" }, "measure.openedAt"],
      [{ promisesKeptOnTime: 2 }, "measure.promisesKeptOnTime"],
      [{ surveyAnswers: [{ survey: "csat", score: 9 }] }, "measure.surveyAnswers[0]"],
      [{ surveysSent: ["csat", "poll"] }, "measure.surveysSent[1]"],
      [{ followUpsLate: ["callBack"] }, "measure.followUpsLate[0]"],
    ]
    for (const [change, field] of cases) {
      const decoded = Metrics.decodeMeasure({ ...stored, ...change })
      expect(Result.isFailure(decoded) && decoded.failure.field).toBe(field)
    }
    const { replies: _, ...missing } = stored
    const gone = Metrics.decodeMeasure(missing)
    expect(Result.isFailure(gone) && gone.failure.field).toBe("measure.replies")
  })

  it("reads toISOString's form digit by digit exactly as Date does (property)", () => {
    const range = { min: Date.UTC(1900, 0, 1), max: Date.UTC(2400, 0, 1) - 1 }
    fc.assert(
      fc.property(fc.integer(range), (t) => {
        expect(isoMs(new Date(t).toISOString())).toBe(t)
      }),
    )
    // Same shape, any digits: accepted exactly when Date reads it back to the same text.
    const digit = fc.integer({ min: 0, max: 9 }).map(String)
    const shaped = fc
      .array(digit, { minLength: 17, maxLength: 17 })
      .map(
        (d) =>
          `2${d[0]}${d[1]}${d[2]}-${d[3]}${d[4]}-${d[5]}${d[6]}T${d[7]}${d[8]}:${d[9]}${d[10]}:${d[11]}${d[12]}.${d[13]}${d[14]}${d[15]}Z`,
      )
    fc.assert(
      fc.property(shaped, (text) => {
        const parsed = Date.parse(text)
        const same = Number.isFinite(parsed) && new Date(parsed).toISOString() === text
        expect(Number.isNaN(isoMs(text))).toBe(!same)
      }),
      { numRuns: 2000 },
    )
    for (const text of ["2025-06-03T09:30:00Z", "2025-06-03T09:30:00.000+00:00", "2025-06-03 09:30:00.000Z"])
      expect(isoMs(text)).toBeNaN()
  })

  it("decodeMeasure reads instants as ISO strings with any offset, epoch ms or Dates", () => {
    const stored = JSON.parse(JSON.stringify(m))
    const t = m.asOf.getTime()
    const plus2 = new Date(t + 2 * HOUR).toISOString().replace(".000Z", "+02:00") // …T14:00:00+02:00 for 12:00Z
    const forms = [{ asOf: plus2 }, { asOf: m.asOf.toISOString() }, { asOf: t }, { asOf: m.asOf }]
    for (const form of forms)
      expect(Result.getOrThrow(Metrics.decodeMeasure({ ...stored, ...form }))).toEqual(m)
  })

  it("refuses what no history gives: half-null figures, huge durations, odd instants, disagreeing fields", () => {
    const stored = JSON.parse(JSON.stringify(m))
    const cases: ReadonlyArray<[Record<string, unknown>, string]> = [
      [{ firstReplyBusinessMs: null }, "measure.firstReplyBusinessMs"],
      [{ firstReplyMs: 1e308, firstReplyBusinessMs: 1e308 }, "measure.firstReplyMs"],
      [{ changesAt: 9e15 }, "measure.changesAt"],
      [{ openedAt: -1e17 }, "measure.openedAt"],
      [{ openedAt: "2025-02-30T09:00:00.000Z" }, "measure.openedAt"],
      [{ solved: true }, "measure.everSolved"],
      [{ reopens: 1 }, "measure.reopens"],
      [{ firstResolutionMs: 5, firstResolutionBusinessMs: 5 }, "measure.firstResolutionMs"],
      [{ customerOpened: false }, "measure.firstReplyMs"],
      [{ waitingSince: m.openedAt.getTime() - 1 }, "measure.waitingSince"],
    ]
    for (const [change, field] of cases) {
      const a = acc()
      const bad = { ...m, ...change } as never
      expect(fieldOf(() => a.addMeasure(bad))).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, "\\$&")}`))
      expect(a.result().overall.tickets).toBe(0)
      const decoded = Metrics.decodeMeasure({ ...stored, ...change })
      expect(Result.isFailure(decoded) && decoded.failure.field).toMatch(/^measure\./)
    }
  })

  it("decodeMeasure refuses unknown keys, in the survey answers too (addMeasure reads what it counts)", () => {
    const stored = JSON.parse(JSON.stringify(m))
    const extra = { ...stored, surveyAnswers: [{ survey: "csat", score: 4, extra: "x" }] }
    const decoded = Metrics.decodeMeasure(extra)
    expect(Result.isFailure(decoded) && decoded.failure.field).toBe("measure.surveyAnswers[0].extra")
  })

  it("refuses a measure taken at a fraction of a millisecond, and non-iterable histories by name", () => {
    // A Date holds whole milliseconds: addMeasure refuses a fraction (decodeMeasure makes a Date of it).
    expect(fieldOf(() => acc().addMeasure({ ...m, asOf: m.asOf.getTime() + 0.25 } as never))).toBe(
      "measure.asOf",
    )
    expect(fieldOf(() => Metrics.measure(open.events, { now: tue("12:00").getTime() + 0.5 }))).toBe("now")
    const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })]
    expect(fieldOf(() => Metrics.measure({} as never, { now, sla: { policies } }))).toBe("events")
    const card = { policies, calendar: office, now }
    const { asOf: _, ...noAsOf } = m
    expect(fieldOf(() => Metrics.scorecard([noAsOf as never], card))).toBe("tickets[0].asOf")
  })

  it("never pushes to a list it was lent, even one the caller emptied since", () => {
    const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })]
    const options = { now: tue("13:00"), calendar: office, sla: { policies } }
    const measured = Metrics.measure(open.events, { ...options, now: tue("12:00") })!
    const lent = { ...measured, slaAchieved: [...measured.slaAchieved] }
    const a = Metrics.accumulator(options).addMeasure(lent)
    lent.slaAchieved.length = 0
    a.add(open.events)
    expect(lent.slaAchieved).toEqual([])
  })

  it("keeps an SLA metric named __proto__ as a key through JSON", () => {
    const named = { ...m, slaAchieved: ["__proto__"] }
    const a = acc().addMeasure(named)
    const json = JSON.parse(JSON.stringify(a))
    expect(Object.keys(json.groups[0].tally.sla)).toEqual(["__proto__"])
    const back = Metrics.Accumulator.fromJSON(json, { now: tue("13:00"), calendar: office })
    expect(JSON.stringify(back)).toEqual(JSON.stringify(a))
  })

  it("refuses options of the accumulator that a measure does not take", () => {
    expect(fieldOf(() => Metrics.measure(open.events, { now, groupBy: ["channel"] } as never))).toBe(
      "options.groupBy",
    )
    expect(fieldOf(() => Metrics.measure(open.events, { now: Number.NaN }))).toBe("now")
  })
})
