// DESIGN.md "SLA metric semantics" and "Precisely", one rule per test, in Rome office hours
// (Mon–Fri 09:00–18:00; June 2025 is CEST) unless the rule is easier to see in 24/7 time.
import { Calendar } from "servicekit"
import { describe, expect, it } from "vitest"
import {
  clock,
  evaluate,
  figuresOf,
  HOUR,
  inRome,
  keysOf,
  MINUTE,
  normalPolicy,
  rome,
  ticket,
  tue,
  wed,
} from "./builders.js"

describe("internal notes", () => {
  const policy = normalPolicy({ firstReply: "PT1H", nextReply: "PT1H", periodicUpdate: "PT4H" })

  it("do not count as the first reply", () => {
    const story = ticket().opened(tue("09:00")).note(tue("09:10"))
    const status = inRome(story, policy, tue("09:30"))
    expect(figuresOf(status, "firstReply")).toStrictEqual(
      clock("firstReply", {
        status: "running",
        startedAt: tue("09:00"),
        elapsedMs: 30 * MINUTE,
        targetMs: HOUR,
        dueAt: tue("10:00"),
      }),
    )
  })

  it("do not answer a customer message nor count as an update", () => {
    const story = ticket().opened(tue("09:00")).reply(tue("09:30")).message(tue("10:00")).note(tue("10:20"))
    const status = inRome(story, policy, tue("10:40"))
    expect(keysOf(status)).toEqual(["firstReply#1", "nextReply#1", "periodicUpdate#1"])
    expect(figuresOf(status, "nextReply")).toStrictEqual(
      clock("nextReply", {
        status: "running",
        startedAt: tue("10:00"),
        elapsedMs: 40 * MINUTE,
        targetMs: HOUR,
        dueAt: tue("11:00"),
      }),
    )
    expect(figuresOf(status, "periodicUpdate")).toStrictEqual(
      clock("periodicUpdate", {
        status: "running",
        startedAt: tue("09:30"),
        elapsedMs: 70 * MINUTE,
        targetMs: 4 * HOUR,
        dueAt: tue("13:30"),
      }),
    )
  })
})

describe("next reply", () => {
  const policy = normalPolicy({ firstReply: "PT1H", nextReply: "PT1H" })

  it("runs from the oldest unanswered customer message: two messages, one reply, one cycle", () => {
    const story = ticket()
      .opened(tue("09:00"))
      .reply(tue("09:10"))
      .message(tue("10:00"))
      .message(tue("10:30"))
      .reply(tue("11:15"))
    const status = inRome(story, policy, tue("12:00"))
    expect(keysOf(status)).toEqual(["firstReply#1", "nextReply#1"])
    expect(figuresOf(status, "nextReply")).toStrictEqual(
      clock("nextReply", {
        status: "breached",
        startedAt: tue("10:00"),
        elapsedMs: 75 * MINUTE,
        targetMs: HOUR,
        stoppedAt: tue("11:15"),
        breachedAt: tue("11:00"),
      }),
    )
  })

  it("starts a new round with the next message after a reply", () => {
    const story = ticket()
      .opened(tue("09:00"))
      .reply(tue("09:10"))
      .message(tue("10:00"))
      .reply(tue("10:20"))
      .message(tue("11:30"))
    const status = inRome(story, policy, tue("12:00"))
    expect(figuresOf(status, "nextReply", 1)).toMatchObject({ status: "achieved", elapsedMs: 20 * MINUTE })
    expect(figuresOf(status, "nextReply", 2)).toStrictEqual(
      clock(
        "nextReply",
        {
          status: "running",
          startedAt: tue("11:30"),
          elapsedMs: 30 * MINUTE,
          targetMs: HOUR,
          dueAt: tue("12:30"),
        },
        2,
      ),
    )
  })

  it("leaves messages before the first reply to the first-reply clock", () => {
    const story = ticket().opened(tue("09:00")).message(tue("09:20")).reply(tue("09:40"))
    const status = inRome(story, policy, tue("10:00"))
    expect(keysOf(status)).toEqual(["firstReply#1"])
  })
})

describe("periodic and pausable updates", () => {
  const policy = normalPolicy({ periodicUpdate: "PT2H", pausableUpdate: "PT2H" })
  const story = ticket()
    .opened(tue("09:00"))
    .reply(tue("09:30"))
    .status(tue("10:00"), "pending")
    .status(tue("11:00"), "open")
    .reply(tue("12:00"))
    .status(tue("12:30"), "pending")

  it("periodic counts pending time, pausable does not; the next reply stops one cycle and starts the next", () => {
    const status = inRome(story, policy, tue("13:00"))
    expect(keysOf(status)).toEqual([
      "periodicUpdate#1",
      "periodicUpdate#2",
      "pausableUpdate#1",
      "pausableUpdate#2",
    ])
    expect(figuresOf(status, "periodicUpdate", 1)).toStrictEqual(
      clock("periodicUpdate", {
        status: "breached",
        startedAt: tue("09:30"),
        elapsedMs: 150 * MINUTE,
        targetMs: 2 * HOUR,
        stoppedAt: tue("12:00"),
        breachedAt: tue("11:30"),
      }),
    )
    expect(figuresOf(status, "pausableUpdate", 1)).toStrictEqual(
      clock("pausableUpdate", {
        status: "achieved",
        startedAt: tue("09:30"),
        elapsedMs: 90 * MINUTE,
        targetMs: 2 * HOUR,
        stoppedAt: tue("12:00"),
      }),
    )
    expect(figuresOf(status, "periodicUpdate", 2)).toStrictEqual(
      clock(
        "periodicUpdate",
        {
          status: "running",
          startedAt: tue("12:00"),
          elapsedMs: HOUR,
          targetMs: 2 * HOUR,
          dueAt: tue("14:00"),
        },
        2,
      ),
    )
    expect(figuresOf(status, "pausableUpdate", 2)).toStrictEqual(
      clock(
        "pausableUpdate",
        { status: "paused", startedAt: tue("12:00"), elapsedMs: 30 * MINUTE, targetMs: 2 * HOUR },
        2,
      ),
    )
  })

  it("a pausable cycle started by a reply while pending starts then and accrues nothing until pending ends", () => {
    const pendingFirst = ticket().opened(tue("09:00")).status(tue("09:10"), "pending").reply(tue("09:30"))
    expect(figuresOf(inRome(pendingFirst, policy, tue("10:30")), "pausableUpdate")).toStrictEqual(
      clock("pausableUpdate", {
        status: "paused",
        startedAt: tue("09:30"),
        elapsedMs: 0,
        targetMs: 2 * HOUR,
      }),
    )
    const resumed = pendingFirst.status(tue("11:00"), "open")
    expect(figuresOf(inRome(resumed, policy, tue("11:45")), "pausableUpdate")).toStrictEqual(
      clock("pausableUpdate", {
        status: "running",
        startedAt: tue("09:30"),
        elapsedMs: 45 * MINUTE,
        targetMs: 2 * HOUR,
        dueAt: tue("13:00"),
      }),
    )
  })
})

describe("pending and on-hold", () => {
  const policy = normalPolicy({ requesterWait: "PT8H", agentWork: "PT8H", resolution: "PT8H" })
  const story = ticket()
    .opened(tue("09:00"))
    .status(tue("10:00"), "pending")
    .status(tue("11:00"), "open")
    .status(tue("12:00"), "onHold")
    .status(tue("14:00"), "open")

  it("pending pauses requester wait and agent work; on-hold pauses agent work only; resolution never pauses", () => {
    const status = inRome(story, policy, tue("15:00"))
    expect(figuresOf(status, "requesterWait").elapsedMs).toBe(5 * HOUR)
    expect(figuresOf(status, "agentWork").elapsedMs).toBe(3 * HOUR)
    expect(figuresOf(status, "resolution").elapsedMs).toBe(6 * HOUR)
  })

  it("while on hold, requester wait runs and agent work is paused (no dueAt)", () => {
    const status = inRome(story, policy, tue("13:00"))
    expect(figuresOf(status, "requesterWait")).toStrictEqual(
      clock("requesterWait", {
        status: "running",
        startedAt: tue("09:00"),
        elapsedMs: 3 * HOUR,
        targetMs: 8 * HOUR,
        dueAt: tue("18:00"), // exactly at closing time: closing time, not the next opening
      }),
    )
    expect(figuresOf(status, "agentWork")).toStrictEqual(
      clock("agentWork", {
        status: "paused",
        startedAt: tue("09:00"),
        elapsedMs: 2 * HOUR,
        targetMs: 8 * HOUR,
      }),
    )
  })

  it("while pending, both are paused", () => {
    const status = inRome(story, policy, tue("10:30"))
    expect(figuresOf(status, "requesterWait")).toMatchObject({ status: "paused", elapsedMs: HOUR })
    expect(figuresOf(status, "agentWork")).toMatchObject({ status: "paused", elapsedMs: HOUR })
    expect(figuresOf(status, "resolution")).toMatchObject({ status: "running", elapsedMs: 90 * MINUTE })
  })
})

describe("exactly at the target", () => {
  const policy = normalPolicy({ firstReply: "PT1H" })

  it("a clock stopped exactly at its target is achieved", () => {
    const status = inRome(ticket().opened(tue("09:00")).reply(tue("10:00")), policy, tue("11:00"))
    expect(figuresOf(status, "firstReply")).toStrictEqual(
      clock("firstReply", {
        status: "achieved",
        startedAt: tue("09:00"),
        elapsedMs: HOUR,
        targetMs: HOUR,
        stoppedAt: tue("10:00"),
      }),
    )
  })

  it("a running clock with nothing left is running and due now; a minute later it is breached", () => {
    const story = ticket().opened(tue("09:00"))
    expect(figuresOf(inRome(story, policy, tue("10:00")), "firstReply")).toStrictEqual(
      clock("firstReply", {
        status: "running",
        startedAt: tue("09:00"),
        elapsedMs: HOUR,
        targetMs: HOUR,
        dueAt: tue("10:00"),
      }),
    )
    expect(figuresOf(inRome(story, policy, tue("10:01")), "firstReply")).toStrictEqual(
      clock("firstReply", {
        status: "breached",
        startedAt: tue("09:00"),
        elapsedMs: HOUR + MINUTE,
        targetMs: HOUR,
        breachedAt: tue("10:00"),
      }),
    )
  })

  it("outside business hours a clock with nothing left stays due now, and changes when the office opens", () => {
    const status = inRome(ticket().opened(tue("17:00")), policy, tue("20:00"))
    expect(figuresOf(status, "firstReply")).toMatchObject({
      status: "running",
      elapsedMs: HOUR,
      dueAt: tue("20:00"),
    })
    expect(status.nextChangeAt).toEqual(wed("09:00"))
  })
})

describe("calendar-hours targets", () => {
  const policy = normalPolicy({ firstReply: { within: "PT24H", hours: "calendar" }, resolution: "PT16H" })
  const story = ticket().opened(rome("2025-06-06T17:00")) // Friday

  it("count wall-clock time over the weekend while business-hours targets wait for Monday", () => {
    const status = inRome(story, policy, rome("2025-06-07T12:00"))
    expect(figuresOf(status, "firstReply")).toStrictEqual(
      clock("firstReply", {
        status: "running",
        startedAt: rome("2025-06-06T17:00"),
        elapsedMs: 19 * HOUR,
        targetMs: 24 * HOUR,
        dueAt: rome("2025-06-07T17:00"),
      }),
    )
    expect(figuresOf(status, "resolution")).toMatchObject({
      elapsedMs: HOUR,
      dueAt: rome("2025-06-10T15:00"),
    })
  })

  it("breach on the weekend", () => {
    const status = inRome(story, policy, rome("2025-06-08T10:00"))
    expect(figuresOf(status, "firstReply")).toMatchObject({
      status: "breached",
      elapsedMs: 41 * HOUR,
      breachedAt: rome("2025-06-07T17:00"),
    })
  })

  it("Calendar.always counts the same as a calendar-hours target", () => {
    const always = evaluate(story, {
      policies: [normalPolicy({ firstReply: "PT24H" })],
      calendar: Calendar.always,
      now: rome("2025-06-07T12:00"),
    })
    expect(figuresOf(always, "firstReply")).toStrictEqual(
      figuresOf(inRome(story, policy, rome("2025-06-07T12:00")), "firstReply"),
    )
  })
})

describe("across a daylight-saving change (Rome, 30 March 2025)", () => {
  const policy = normalPolicy({ resolution: "PT8H", firstReply: { within: "PT24H", hours: "calendar" } })

  it("business hours follow the local clock and calendar hours count real time", () => {
    const story = ticket().opened("2025-03-28T16:00:00Z") // Friday 17:00 CET
    const status = inRome(story, policy, new Date("2025-03-31T08:00:00Z")) // Monday 10:00 CEST
    expect(figuresOf(status, "resolution")).toMatchObject({
      status: "running",
      elapsedMs: 2 * HOUR,
      dueAt: new Date("2025-03-31T14:00:00Z"), // Monday 16:00 CEST
    })
    expect(figuresOf(status, "firstReply")).toMatchObject({
      status: "breached",
      elapsedMs: 64 * HOUR,
      breachedAt: new Date("2025-03-29T16:00:00Z"), // Saturday 17:00 CET
    })
  })
})

describe("events after now", () => {
  it("are ignored", () => {
    const story = ticket().opened(tue("09:00")).reply(tue("10:30"))
    const status = inRome(story, normalPolicy({ firstReply: "PT4H", periodicUpdate: "PT4H" }), tue("10:00"))
    expect(keysOf(status)).toEqual(["firstReply#1"])
    expect(figuresOf(status, "firstReply")).toMatchObject({ status: "running", elapsedMs: HOUR })
  })
})
