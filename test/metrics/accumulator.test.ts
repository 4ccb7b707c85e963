// Metrics.accumulator over hand-built tickets with known answers, grouping, JSON and bad input.
import fc from "fast-check"
import { Calendar, FollowUp, Metrics, Sla, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { arbHistory } from "../followup/arbitraries.js"
import { HOUR, MINUTE, nextMon, office, sat, story, tue, wed } from "../followup/story.js"
import { fieldOf } from "./invalid.js"

const now = nextMon("12:00")

/** Within the sketch's 1 % relative error of `exact`. */
const near = (value: number | null, exact: number) => {
  expect(value).not.toBeNull()
  expect(Math.abs((value as number) - exact)).toBeLessThanOrEqual(exact * 0.01)
}

// T-1: answered in 30 min, a promise kept early, solved in one touch, CSAT 5 after a survey.
const t1 = story("T-1")
  .opened(tue("09:00"))
  .reply(tue("09:30"))
  .promise(tue("09:30"), "p1", tue("12:00"))
  .kept(tue("11:00"), "p1")
  .solved(tue("11:30"))
  .sent(tue("12:00"), { id: "T-1/survey/csat", kind: "survey" })
  .answered(tue("13:00"), "csat", 5)
// T-2: opened at 17:30 on chat, replied next morning, pending, solved, reopened, solved again;
// a promise never kept (overdue at now); surveyed, no answer.
const t2 = story("T-2")
  .opened(tue("17:30"), { channel: "chat" })
  .reply(wed("09:30"))
  .promise(wed("09:30"), "p2", wed("10:00"))
  .status(wed("09:30"), "pending")
  .solved(wed("12:00"))
  .reopened(wed("13:00"))
  .reply(wed("14:00"))
  .solved(wed("15:00"))
  .sent(wed("16:00"), { id: "T-2/survey/csat", kind: "survey" })
// T-3: opened on a Saturday on the web, chased twice, never answered: in the backlog at now.
const t3 = story("T-3").opened(sat("10:00"), { channel: "web" }).chase(sat("12:00")).chase(nextMon("09:30"))
// T-4: merged into T-1: left out.
const t4 = story("T-4").opened(tue("09:05")).merged(tue("09:10"), "T-1")

const tickets = [t1, t2, t3, t4].map((s) => s.events)

describe("Metrics.accumulator: the figures of hand-built tickets", () => {
  const acc = Metrics.accumulator({ now, calendar: office, channels: ["email", "chat"] })
  for (const events of tickets) acc.add(events)
  const { overall: r, merged } = acc.result()

  it("leaves merged tickets out and counts them apart", () => {
    expect(merged).toBe(1)
    expect(r.tickets).toBe(3)
  })

  it("times first replies on the wall clock and in business hours", () => {
    expect(r.firstReply.calendar.n).toBe(2)
    near(r.firstReply.calendar.median, 30 * MINUTE) // lower median of [30 min, 16 h]
    near(r.firstReply.calendar.p90, 16 * HOUR)
    // T-2: 30 business minutes on Tuesday evening, 30 on Wednesday morning.
    near(r.firstReply.business.p90, HOUR)
    expect(r.firstReply.calendar.mean).toBe((30 * MINUTE + 16 * HOUR) / 2)
  })

  it("times first and full resolution (full only for tickets solved at now)", () => {
    expect(r.firstResolution.calendar.n).toBe(2)
    near(r.firstResolution.calendar.p90, 18.5 * HOUR)
    near(r.fullResolution.calendar.p90, 21.5 * HOUR)
    near(r.fullResolution.business.p90, 6.5 * HOUR) // Tue 17:30–18:00, Wed 09:00–15:00
  })

  it("counts requester wait only while the desk owes the move (not pending, not solved)", () => {
    // T-2: 17:30→09:30 (16 h, 1 business h), then 13:00→15:00 (2 h).
    expect(r.requesterWait.calendar.mean).toBe((2.5 * HOUR + 18 * HOUR + 50 * HOUR) / 3)
    near(r.requesterWait.business.median, 3 * HOUR)
  })

  it("rates one-touch among solved tickets and reopens among tickets ever solved", () => {
    expect(r.oneTouch).toMatchObject({ successes: 1, n: 2, rate: 0.5 })
    expect(r.reopened).toMatchObject({ successes: 1, n: 2, rate: 0.5 })
  })

  it("reports the backlog with its age", () => {
    expect(r.backlog.open).toBe(1)
    near(r.backlog.age.calendar.median, 50 * HOUR)
    near(r.backlog.age.business.median, 3 * HOUR)
  })

  it("counts replies, chases, contact in hours and on offered channels", () => {
    expect(r.repliesPerTicket).toBe(1)
    expect(r.chasesPerTicket).toBe(2 / 3)
    expect(r.chased).toMatchObject({ successes: 1, n: 3 })
    expect(r.notChased).toMatchObject({ successes: 2, n: 3 })
    expect(r.inHours).toMatchObject({ successes: 2, n: 3 })
    expect(r.onOfferedChannel).toMatchObject({ successes: 2, n: 3 })
  })

  it("rates promises kept on time among those kept or past due", () => {
    expect(r.promisesKeptOnTime).toMatchObject({ successes: 1, n: 2, rate: 0.5 })
  })

  it("reports satisfaction with n and the response rate over the surveys sent", () => {
    expect(r.surveys.csat).toMatchObject({ n: 1, satisfied: 1, score: 1, surveyed: 2, responseRate: 0.5 })
    expect(r.surveys.nps.n).toBe(0)
    expect(r.surveys.nps.score).toBeNull()
  })

  it("has no SLA or follow-up figures unless asked", () => {
    expect(r.sla).toEqual({})
    expect(r.followUps).toEqual({})
  })
})

describe("Metrics.accumulator with SLA policies and a follow-up policy", () => {
  const policies = [
    Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H", resolution: "PT8H" } } }),
  ]
  const followUp = FollowUp.policy({ acknowledge: { within: "PT30M" } })
  const acc = Metrics.accumulator({ now, calendar: office, sla: { policies }, followUp })
  for (const events of tickets) acc.add(events)
  const r = acc.result().overall

  it("rates SLA achievement per metric over achieved and breached clocks", () => {
    // firstReply: T-1 30 min (achieved), T-2 1 business h (achieved: exactly at target), T-3 breached.
    expect(r.sla.firstReply).toMatchObject({ successes: 2, n: 3 })
    // resolution: T-1 2.5 h, T-2 6.5 business h achieved; T-3 still running (3 h at now): not counted.
    expect(r.sla.resolution).toMatchObject({ successes: 2, n: 2 })
  })

  it("rates follow-ups done on time per kind", () => {
    // acknowledge: T-1 replied at 30 min (on time); T-2 at 1 business hour (late); T-3 overdue.
    expect(r.followUps.acknowledge).toMatchObject({ successes: 1, n: 3 })
  })
})

describe("Metrics.accumulator groups", () => {
  it("groups by channel and by week in a zone; groups add up to the whole", () => {
    const acc = Metrics.accumulator({
      now,
      calendar: office,
      groupBy: ["channel", "period"],
      period: { unit: "week", timeZone: "Europe/Rome" },
    })
    for (const events of tickets) acc.add(events)
    const { overall, groups } = acc.result()
    expect(groups.map((g) => g.key)).toEqual([
      { channel: "chat", period: "2025-W23" },
      { channel: "email", period: "2025-W23" },
      { channel: "web", period: "2025-W23" },
    ])
    expect(groups.reduce((n, g) => n + g.report.tickets, 0)).toBe(overall.tickets)
  })

  it("names periods by the local date in the period's zone (ISO weeks across a new year)", () => {
    const at = (iso: string, id: string) => story(id).opened(new Date(iso)).events
    const keys = (unit: "day" | "week" | "month", zone: string) => {
      const acc = Metrics.accumulator({
        now: Date.UTC(2026, 1, 1),
        groupBy: ["period"],
        period: { unit, timeZone: zone },
      })
      acc
        .add(at("2024-12-31T23:30:00Z", "A"))
        .add(at("2025-01-01T00:30:00Z", "B"))
        .add(at("2025-12-29T12:00:00Z", "C"))
      return acc.result().groups.map((g) => g.key.period)
    }
    expect(keys("day", "UTC")).toEqual(["2024-12-31", "2025-01-01", "2025-12-29"])
    expect(keys("day", "Europe/Rome")).toEqual(["2025-01-01", "2025-12-29"])
    expect(keys("day", "America/New_York")).toEqual(["2024-12-31", "2025-12-29"])
    expect(keys("week", "UTC")).toEqual(["2025-W01", "2026-W01"])
    expect(keys("month", "Asia/Tokyo")).toEqual(["2025-01", "2025-12"])
  })

  it("puts every ticket in the local day of its opening, in any order across DST changes (property)", () => {
    const zones = [
      "Europe/Rome",
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "America/St_Johns",
    ]
    // Around the 2025 DST changes of these zones, and across a new year.
    const instant = fc.integer({ min: Date.UTC(2024, 11, 28), max: Date.UTC(2025, 10, 10) })
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(instant, { minLength: 1, maxLength: 40 }),
        (zone, times) => {
          const acc = Metrics.accumulator({
            now: Date.UTC(2026, 0, 1),
            groupBy: ["period"],
            period: { unit: "day", timeZone: zone },
          })
          times.forEach((t, k) => {
            acc.add(story(`T-${k}`).opened(new Date(t)).events)
          })
          const local = new Intl.DateTimeFormat("en-CA", {
            timeZone: zone,
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
          })
          const expected = new Map<string, number>()
          for (const t of times) expected.set(local.format(t), (expected.get(local.format(t)) ?? 0) + 1)
          const got = acc.result().groups.map((g) => [g.key.period, g.report.tickets])
          expect(got).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)))
        },
      ),
      { numRuns: 200 },
    )
  })

  it("groups by agent and group as assigned at now ('' when unassigned)", () => {
    const assigned = story("T-9")
      .opened(tue("09:00"))
      .add({
        type: "TicketAssigned",
        ticketId: "T-9",
        at: tue("09:01"),
        agentId: "a-7",
        groupId: "billing",
      }).events
    const acc = Metrics.accumulator({ now, groupBy: ["agent", "group"] })
      .add(assigned)
      .add(t3.events)
    expect(acc.result().groups.map((g) => g.key)).toEqual([
      { agent: "", group: "" },
      { agent: "a-7", group: "billing" },
    ])
  })
})

describe("Metrics.accumulator: shards merge into exactly one pass", () => {
  const arbShards = fc.array(fc.tuple(arbHistory, fc.nat(3)), { maxLength: 14 })
  const options = {
    now: Date.UTC(2025, 11, 1),
    calendar: office,
    groupBy: ["channel", "period"] as const,
    period: { unit: "day" as const, timeZone: "America/New_York" },
  }

  it("merge(shards) equals a single pass, in any merge order, through JSON too", () => {
    fc.assert(
      fc.property(arbShards, fc.boolean(), (items, reverse) => {
        const single = Metrics.accumulator(options)
        const shards = [0, 1, 2, 3].map(() => Metrics.accumulator(options))
        for (const [history, shard] of items) {
          single.add(history.events)
          shards[shard]!.add(history.events)
        }
        const order = reverse ? [...shards].reverse() : shards
        const merged = Metrics.accumulator(options)
        for (const shard of order)
          merged.merge(Metrics.Accumulator.fromJSON(JSON.parse(JSON.stringify(shard)), options))
        expect(merged.toJSON()).toEqual(single.toJSON())
        expect(merged.result()).toEqual(single.result())
      }),
      { numRuns: 60 },
    )
  })

  it("keeps memory to the groups: a thousand tickets in one group are one tally", () => {
    const acc = Metrics.accumulator({ now, calendar: office })
    for (let k = 0; k < 1000; k++)
      acc.add(
        story(`T-${k}`)
          .opened(tue("09:00"))
          .reply(new Date(tue("09:00").getTime() + k * MINUTE)).events,
      )
    const json = acc.toJSON()
    expect(json.groups).toHaveLength(1)
    expect(json.groups[0]!.tally.counts.tickets).toBe(1000)
    expect(JSON.stringify(json).length).toBeLessThan(60_000)
  })
})

describe("Metrics.accumulator refuses bad input, naming the field", () => {
  const opts = { now }

  it.each([
    ["options that are not an object", null, "options"],
    ["an invalid now", { now: Number.NaN }, "now"],
    ["an unknown option", { now, groupby: ["channel"] }, "options.groupby"],
    [
      "an unknown key in a period",
      { now, period: { unit: "day", timeZone: "UTC", start: 1 } },
      "period.start",
    ],
    [
      "an unknown key in oneTouch",
      { now, oneTouch: { maxReplies: 1, maxReopens: 0 } },
      "oneTouch.maxReopens",
    ],
    ["a oneTouch that is no record", { now, oneTouch: new Set() }, "oneTouch"],
    ["options that are a boxed string", new String("now"), "options"],
    ["a calendar that is not one", { now, calendar: { timeZone: "UTC" } }, "calendar"],
    ["a bad dimension", { now, groupBy: ["country"] }, "groupBy[0]"],
    ["a repeated dimension", { now, groupBy: ["channel", "channel"] }, "groupBy[1]"],
    ["grouping by period without a period", { now, groupBy: ["period"] }, "period"],
    ["an unknown period unit", { now, period: { unit: "year", timeZone: "UTC" } }, "period.unit"],
    ["an unknown zone", { now, period: { unit: "day", timeZone: "Mars/Olympus" } }, "period.timeZone"],
    ["an unknown channel", { now, channels: ["fax"] }, "channels[0]"],
    ["sla without policies", { now, sla: {} }, "sla"],
    ["sla with a non-policy", { now, sla: { policies: [{ id: "x" }] } }, "sla.policies[0]"],
    ["a follow-up policy that is not one", { now, followUp: { acknowledge: {} } }, "followUp"],
    ["a negative maxReplies", { now, oneTouch: { maxReplies: -1 } }, "oneTouch.maxReplies"],
  ])("%s", (_, options, field) => {
    expect(fieldOf(() => Metrics.accumulator(options as Metrics.AccumulatorOptions))).toBe(field)
  })

  it("names the event and field of a malformed event, or another ticket's event", () => {
    const acc = Metrics.accumulator(opts)
    const bad = [t1.events[0]!, { ...t1.events[1]!, at: new Date(Number.NaN) }] as Array<Ticket.TicketEvent>
    expect(fieldOf(() => acc.add(bad))).toBe("events[1].at")
    expect(fieldOf(() => acc.add([t1.events[0]!, t2.events[1]!]))).toBe("events[1].ticketId")
    expect(fieldOf(() => acc.add(42 as unknown as Array<Ticket.TicketEvent>))).toBe("events")
    const score = story().opened(tue("09:00")).answered(tue("10:00"), "csat", 6).events
    expect(fieldOf(() => acc.add(score))).toBe("events[1].score")
  })

  it("refuses an event outside the years business time is computed in (1900–2399)", () => {
    const opened = (at: Date) => story("T-1").opened(at).events
    expect(fieldOf(() => Metrics.accumulator({ now }).add(opened(new Date(Date.UTC(1850, 0, 1)))))).toBe(
      "events[0].at",
    )
    expect(fieldOf(() => Metrics.accumulator({ now: Date.UTC(3000, 0, 1) }))).toBe("now")
  })

  it("refuses a history out of time order, naming the event, and counts nothing of it", () => {
    const acc = Metrics.accumulator({ now, calendar: office }).add(t1.events)
    const before = JSON.stringify(acc)
    const backwards = story("T-8").opened(tue("12:00")).reply(tue("13:00")).solved(tue("10:00")).events
    expect(fieldOf(() => acc.add(backwards))).toBe("events[2].at")
    expect(JSON.stringify(acc)).toBe(before)
  })

  it("adds all or nothing: a ticket the SLA evaluation refuses leaves the accumulator as it was", () => {
    const vip = [
      Sla.policy({ id: "vip", when: { predicate: "vip" }, targets: { normal: { firstReply: "PT1H" } } }),
    ]
    const acc = Metrics.accumulator({ now, calendar: office, sla: { policies: vip } })
    const before = JSON.stringify(acc)
    expect(fieldOf(() => acc.add(t1.events))).toBe("sla.predicates")
    expect(JSON.stringify(acc)).toBe(before)
  })

  it("refuses to merge accumulators of another shape, and malformed JSON", () => {
    const byChannel = Metrics.accumulator({ now, groupBy: ["channel"] })
    expect(fieldOf(() => byChannel.merge(Metrics.accumulator(opts)))).toBe("groupBy")
    expect(fieldOf(() => byChannel.merge({} as Metrics.Accumulator))).toBe("other")
    const json = JSON.parse(JSON.stringify(Metrics.accumulator(opts).add(t1.events)))
    expect(fieldOf(() => Metrics.Accumulator.fromJSON({ ...json, version: 2 }, opts))).toBe("json.version")
    expect(fieldOf(() => Metrics.Accumulator.fromJSON({ ...json, extra: 1 }, opts))).toBe("json.extra")
    const broken = structuredClone(json)
    broken.groups[0].tally.counts.tickets = -1
    expect(fieldOf(() => Metrics.Accumulator.fromJSON(broken, opts))).toBe(
      "json.groups[0].tally.counts.tickets",
    )
    expect(fieldOf(() => Metrics.Accumulator.fromJSON(json, { now, groupBy: ["channel"] }))).toBe(
      "json.groupBy",
    )
  })

  describe("refuses a JSON whose counts contradict each other, naming the field", () => {
    // Three tickets (two solved, one of them reopened; one in the backlog): every count has something to contradict.
    const json: Metrics.AccumulatorJSON = JSON.parse(
      JSON.stringify(Metrics.accumulator({ now }).add(t1.events).add(t2.events).add(t3.events)),
    )
    const path = "json.groups[0].tally"
    const withCount = (name: string, value: number) => {
      const j = structuredClone(json) as unknown as {
        groups: Array<{ tally: { counts: Record<string, number> } }>
      }
      j.groups[0]!.tally.counts[name] = value
      return j
    }
    /** The JSON with a sketch of `count` minutes, well-formed in itself, as the durations of `name`. */
    const withSketchCount = (name: string, count: number) => {
      const j = structuredClone(json) as unknown as {
        groups: Array<{ tally: { durations: Record<string, unknown> } }>
      }
      j.groups[0]!.tally.durations[name] = new Metrics.QuantileSketch().add(60_000, count).toJSON()
      return j
    }

    it("takes the JSON as it is", () => {
      expect(Metrics.Accumulator.fromJSON(json, { now }).toJSON()).toEqual(json)
      expect(json.groups[0]!.tally.counts).toMatchObject({
        tickets: 3,
        everSolved: 2,
        solved: 2,
        reopened: 1,
        open: 1,
      })
    })

    it.each([
      ["reopened: 1022744704 with 3 tickets", "reopened", 1_022_744_704, "reopened"],
      ["more ever solved than tickets", "everSolved", 4, "everSolved"],
      ["reopened more than ever solved", "reopened", 3, "reopened"],
      ["more solved than ever solved", "solved", 3, "solved"],
      ["more one-touch than solved", "oneTouch", 3, "oneTouch"],
      ["more chased than chases", "chased", 3, "chased"],
      ["more promises kept than due", "promisesKeptOnTime", 3, "promisesKeptOnTime"],
      ["more in hours than tickets", "inHours", 4, "inHours"],
      ["more customer-opened than tickets", "customerOpened", 4, "customerOpened"],
      ["open not tickets − solved", "open", 2, "open"],
    ])("%s", (_, name, value, field) => {
      expect(fieldOf(() => Metrics.Accumulator.fromJSON(withCount(name, value), { now }))).toBe(
        `${path}.counts.${field}`,
      )
    })

    it.each([
      ["firstReply", 4],
      ["firstReplyBusiness", 4],
      ["firstResolution", 1],
      ["fullResolution", 3],
      ["requesterWait", 2],
      ["backlogAge", 2],
    ])("a %s sketch of %i values", (name, count) => {
      expect(fieldOf(() => Metrics.Accumulator.fromJSON(withSketchCount(name, count), { now }))).toBe(
        `${path}.durations.${name}.count`,
      )
    })

    it("a group key that is no channel, and a period not written as the accumulator writes it", () => {
      const byChannel = JSON.parse(
        JSON.stringify(Metrics.accumulator({ now, groupBy: ["channel"] }).add(t1.events)),
      )
      byChannel.groups[0].key.channel = "fax"
      expect(fieldOf(() => Metrics.Accumulator.fromJSON(byChannel, { now }))).toBe(
        "json.groups[0].key.channel",
      )
      const weekly = { now, groupBy: ["period"], period: { unit: "week", timeZone: "UTC" } } as const
      const byWeek = JSON.parse(JSON.stringify(Metrics.accumulator(weekly).add(t1.events)))
      expect(Metrics.Accumulator.fromJSON(byWeek, weekly).toJSON()).toEqual(byWeek)
      byWeek.groups[0].key.period = "2025-W54"
      expect(fieldOf(() => Metrics.Accumulator.fromJSON(byWeek, weekly))).toBe("json.groups[0].key.period")
    })
  })

  it("does not depend on the events being an array (any iterable, read once)", () => {
    function* once() {
      yield* t1.events
    }
    const policies = [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } } })]
    const a = Metrics.accumulator({ now, calendar: office, sla: { policies } }).add(once())
    const b = Metrics.accumulator({ now, calendar: office, sla: { policies } }).add(t1.events)
    expect(a.toJSON()).toEqual(b.toJSON())
  })
})

describe("Calendar.always is the default calendar", () => {
  it("makes business time equal wall time", () => {
    const r = Metrics.accumulator({ now }).add(t2.events).result().overall
    expect(r.firstReply.business).toEqual(r.firstReply.calendar)
    expect(Calendar.always.timeZone).toBe("UTC")
  })
})
