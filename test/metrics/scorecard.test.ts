// Metrics.scorecard over hand-built tickets with known answers: the seven levels, their
// indicators, goals (default, from the service level, from the options) and verdicts.
import { Calendar, FollowUp, Metrics, ServiceLevel, Sla, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { MINUTE, nextMon, office, story, tue } from "../followup/story.js"
import { fieldOf } from "./invalid.js"

const policies = [
  Sla.policy({
    id: "std",
    targets: { normal: { firstReply: "PT1H", nextReply: "PT2H", resolution: "PT8H" } },
  }),
]
const followUp = FollowUp.policy({ acknowledge: { within: "PT1H" }, checkIn: { after: "PT24H" } })
const now = nextMon("12:00")

/** `n` tickets opened Tuesday at 09:00 + k minutes, replied after `replyMin`, solved 30 min later. */
const quick = (prefix: string, n: number, replyMin: number): Array<ReadonlyArray<Ticket.TicketEvent>> =>
  Array.from({ length: n }, (_, k) => {
    const at = tue("09:00").getTime() + k * MINUTE
    return story(`${prefix}-${k}`)
      .opened(new Date(at))
      .reply(new Date(at + replyMin * MINUTE))
      .solved(new Date(at + (replyMin + 30) * MINUTE)).events
  })

describe("Metrics.scorecard: the seven levels", () => {
  // 40 tickets answered in 10 min, 10 in 90 min (first reply breached); all solved in one touch.
  const tickets = [...quick("A", 40, 10), ...quick("B", 10, 90)]
  const card = Metrics.scorecard(tickets, { policies, calendar: office, now, followUp, channels: ["email"] })
  const level = (name: Metrics.LevelName) => card.levels.find((l) => l.level === name)!
  const indicator = (name: Metrics.IndicatorName) =>
    card.levels.flatMap((l) => l.indicators).find((i) => i.name === name)!

  it("lists the seven levels in order, each with its indicators", () => {
    expect(card.levels.map((l) => l.level)).toEqual([...Metrics.levels])
    expect(level("problemSolving").indicators.map((i) => i.name)).toEqual(["oneTouch", "notReopened"])
    expect(card.figures.tickets).toBe(50)
  })

  it("computes each indicator from the figures, with n and the Wilson interval", () => {
    expect(indicator("firstReplyInTarget").value).toMatchObject({ successes: 40, n: 50, rate: 0.8 })
    expect(indicator("oneTouch").value).toMatchObject({ successes: 50, n: 50, rate: 1 })
    expect(indicator("notChased").value).toMatchObject({ successes: 50, n: 50 })
    expect(indicator("contactInHours").value).toMatchObject({ successes: 50, n: 50 })
    expect(indicator("contactOnOfferedChannel").value).toMatchObject({ successes: 50, n: 50 })
    // acknowledge within 1 h: the 40 quick ones on time, the 10 slow ones late.
    expect(indicator("acknowledgedOnTime").value).toMatchObject({ successes: 40, n: 50 })
  })

  it("judges met, missed, at risk and no data from the interval against the goal", () => {
    // 40/50 = 0.8, Wilson [0.670, 0.888]: all below 0.9 → missed.
    expect(indicator("firstReplyInTarget")).toMatchObject({ goal: 0.9, verdict: "missed" })
    // 50/50, Wilson lower 0.929 ≥ 0.5 → met.
    expect(indicator("oneTouch")).toMatchObject({ goal: 0.5, verdict: "met" })
    // 50/50 not chased: lower bound 0.929 ≥ 0.9 → met.
    expect(indicator("notChased").verdict).toBe("met")
    // Nobody made a promise: nothing to judge.
    expect(indicator("promisesKeptOnTime").verdict).toBe("no data")
    expect(level("professionalism").verdict).toBe("no data")
    // A level takes the worst verdict of its measured indicators.
    expect(level("attention").verdict).toBe("missed")
    expect(level("listening").verdict).toBe("met")
  })

  it("says at risk when the interval straddles the goal", () => {
    const few = Metrics.scorecard(quick("C", 9, 10).concat(quick("D", 1, 90)), {
      policies,
      calendar: office,
      now,
    })
    const first = few.levels.flatMap((l) => l.indicators).find((i) => i.name === "firstReplyInTarget")!
    expect(first.value).toMatchObject({ successes: 9, n: 10 })
    expect(first.verdict).toBe("at risk") // 0.9 on 10 tickets: [0.596, 0.982]
  })

  it("takes goals from the service level, then from the options", () => {
    const gold = ServiceLevel.make({
      name: "Gold",
      calendar: office,
      channels: ["email"],
      sla: policies,
      followUp,
      goals: { firstReplyInTarget: 0.6 },
    })
    const byLevel = Metrics.scorecard(tickets, { policies, calendar: office, now, serviceLevel: gold })
    const first = byLevel.levels.flatMap((l) => l.indicators).find((i) => i.name === "firstReplyInTarget")!
    expect(first).toMatchObject({ goal: 0.6, verdict: "met" })
    expect(byLevel.serviceLevel).toBe("Gold")
    const overridden = Metrics.scorecard(tickets, {
      policies,
      calendar: office,
      now,
      serviceLevel: gold,
      goals: { firstReplyInTarget: 0.8 },
    })
    expect(overridden.levels[1]!.indicators[0]).toMatchObject({ goal: 0.8, verdict: "at risk" })
  })

  it("is plain data: JSON round-trips it unchanged", () => {
    expect(JSON.parse(JSON.stringify(card))).toEqual(card)
    expect(card.now).toBe(now.toISOString())
  })

  it("renders a readable text table with every level and verdict", () => {
    const text = Metrics.renderScorecard(card)
    expect(text.split("\n")[0]).toBe(`Service-level scorecard at ${now.toISOString()} — 50 tickets`)
    for (const title of [
      "Availability",
      "Attention",
      "Listening",
      "Problem solving",
      "Reactivity",
      "Professionalism",
      "Follow-up",
    ])
      expect(text).toContain(title)
    expect(text).toContain("first-reply SLA clocks achieved")
    expect(text).toMatch(/80\.0 % \[67\.0 %–88\.8 %\] n=50/)
  })
})

describe("Metrics.scorecard refuses bad input, naming the field", () => {
  const options = { policies, calendar: office, now }

  it("names the ticket and event of a malformed event", () => {
    const good = quick("A", 1, 10)[0]!
    const bad = [good[0]!, { ...good[1]!, agentId: "" }] as Array<Ticket.TicketEvent>
    expect(fieldOf(() => Metrics.scorecard([good, bad], options))).toBe("tickets[1][1].agentId")
  })

  it("names a bad option, an unknown indicator and a goal out of range", () => {
    expect(fieldOf(() => Metrics.scorecard([], null as unknown as Metrics.ScorecardOptions))).toBe("options")
    expect(fieldOf(() => Metrics.scorecard(7 as unknown as [], options))).toBe("tickets")
    expect(fieldOf(() => Metrics.scorecard([], { ...options, now: "soon" as unknown as Date }))).toBe("now")
    // The scorecard's own option: policies, not the accumulator's sla.policies it becomes.
    expect(fieldOf(() => Metrics.scorecard([], { ...options, policies: [{}] as unknown as [] }))).toBe(
      "policies[0]",
    )
    expect(fieldOf(() => Metrics.scorecard([], { ...options, polices: [] } as never))).toBe("options.polices")
    expect(
      fieldOf(() => Metrics.scorecard([], { ...options, serviceLevel: { name: "Gold" } } as never)),
    ).toBe("serviceLevel.followUp")
    expect(fieldOf(() => Metrics.scorecard([], { ...options, goals: { speed: 0.5 } as never }))).toBe(
      "goals.speed",
    )
    expect(fieldOf(() => Metrics.scorecard([], { ...options, goals: { oneTouch: 1.5 } }))).toBe(
      "goals.oneTouch",
    )
  })

  it("refuses a service level goal out of range when the level is made", () => {
    expect(() =>
      ServiceLevel.make({
        name: "Gold",
        calendar: Calendar.always,
        channels: ["email"],
        sla: [],
        followUp,
        goals: { oneTouch: 2 },
      }),
    ).toThrow(expect.objectContaining({ field: "goals.oneTouch" }))
  })
})
