// DESIGN.md "Precisely", the ticket lifecycle: solving, closing, reopening, who opened the
// ticket, merging. Rome office hours (Mon–Fri 09:00–18:00; June 2025 is CEST).
import { describe, expect, it } from "vitest"
import {
  clock,
  figures,
  figuresOf,
  HOUR,
  inRome,
  keysOf,
  MINUTE,
  normalPolicy,
  ticket,
  tue,
  wed,
} from "./builders.js"

describe("solving and reopening", () => {
  const policy = normalPolicy({
    firstReply: "PT1H",
    nextReply: "PT2H",
    periodicUpdate: "PT1H",
    pausableUpdate: "PT1H",
    requesterWait: "PT1H",
    agentWork: "PT2H",
    resolution: "PT8H",
  })
  const solved = ticket()
    .opened(tue("09:00"))
    .reply(tue("09:30"))
    .message(tue("10:00"))
    .status(tue("10:30"), "pending")
    .status(tue("11:00"), "solved")

  it("solving stops every clock, running or paused, achieved or breached", () => {
    const status = inRome(solved, policy, tue("12:00"))
    const stoppedAt = tue("11:00")
    expect(status.clocks.map(figures)).toStrictEqual([
      clock("firstReply", {
        status: "achieved",
        startedAt: tue("09:00"),
        elapsedMs: 30 * MINUTE,
        targetMs: HOUR,
        stoppedAt: tue("09:30"),
      }),
      clock("nextReply", {
        status: "achieved",
        startedAt: tue("10:00"),
        elapsedMs: HOUR,
        targetMs: 2 * HOUR,
        stoppedAt,
      }),
      clock("periodicUpdate", {
        status: "breached",
        startedAt: tue("09:30"),
        elapsedMs: 90 * MINUTE,
        targetMs: HOUR,
        stoppedAt,
        breachedAt: tue("10:30"),
      }),
      // paused (pending) when solved: stopped all the same, exactly at its target
      clock("pausableUpdate", {
        status: "achieved",
        startedAt: tue("09:30"),
        elapsedMs: HOUR,
        targetMs: HOUR,
        stoppedAt,
      }),
      clock("requesterWait", {
        status: "breached",
        startedAt: tue("09:00"),
        elapsedMs: 90 * MINUTE,
        targetMs: HOUR,
        stoppedAt,
        breachedAt: tue("10:00"),
      }),
      clock("agentWork", {
        status: "achieved",
        startedAt: tue("09:00"),
        elapsedMs: 90 * MINUTE,
        targetMs: 2 * HOUR,
        stoppedAt,
      }),
      clock("resolution", {
        status: "achieved",
        startedAt: tue("09:00"),
        elapsedMs: 2 * HOUR,
        targetMs: 8 * HOUR,
        stoppedAt,
      }),
    ])
    expect(status.nextChangeAt).toBeUndefined()
  })

  it("closing stops every clock as solving does", () => {
    const closed = ticket().opened(tue("09:00")).status(tue("09:30"), "open").status(tue("10:00"), "closed")
    const status = inRome(closed, policy, tue("12:00"))
    for (const c of status.clocks) expect(c.stoppedAt).toEqual(tue("10:00"))
  })

  it("reopening resumes the cumulative clocks in the same cycle; the others wait for their own start events", () => {
    const reopened = solved.status(tue("14:00"), "open").message(tue("14:30"))
    const status = inRome(reopened, policy, tue("15:00"))
    expect(keysOf(status)).toEqual([
      "firstReply#1",
      "nextReply#1",
      "nextReply#2",
      "periodicUpdate#1",
      "pausableUpdate#1",
      "requesterWait#1",
      "agentWork#1",
      "resolution#1",
    ])
    expect(figuresOf(status, "requesterWait")).toStrictEqual(
      clock("requesterWait", {
        status: "breached",
        startedAt: tue("09:00"),
        elapsedMs: 150 * MINUTE,
        targetMs: HOUR,
        breachedAt: tue("10:00"),
      }),
    )
    expect(figuresOf(status, "agentWork")).toStrictEqual(
      clock("agentWork", {
        status: "breached",
        startedAt: tue("09:00"),
        elapsedMs: 150 * MINUTE,
        targetMs: 2 * HOUR,
        breachedAt: tue("14:30"),
      }),
    )
    expect(figuresOf(status, "resolution")).toStrictEqual(
      clock("resolution", {
        status: "running",
        startedAt: tue("09:00"),
        elapsedMs: 3 * HOUR,
        targetMs: 8 * HOUR,
        dueAt: wed("11:00"),
      }),
    )
    expect(figuresOf(status, "nextReply", 2)).toMatchObject({ status: "running", startedAt: tue("14:30") })
    for (const metric of ["firstReply", "nextReply", "periodicUpdate", "pausableUpdate"])
      expect(figuresOf(status, metric).stoppedAt, metric).toBeDefined()
    const replied = inRome(reopened.reply(tue("15:30")), policy, tue("16:00"))
    expect(figuresOf(replied, "periodicUpdate", 2)).toMatchObject({
      status: "running",
      startedAt: tue("15:30"),
    })
    expect(figuresOf(replied, "nextReply", 2)).toMatchObject({ status: "achieved", stoppedAt: tue("15:30") })
  })

  it("reopening to pending resumes requester wait paused, and reopening to new resumes it running", () => {
    const toPending = inRome(solved.status(tue("14:00"), "pending"), policy, tue("15:00"))
    expect(figuresOf(toPending, "requesterWait")).toMatchObject({
      status: "breached",
      elapsedMs: 90 * MINUTE,
    })
    expect(figuresOf(toPending, "requesterWait").stoppedAt).toBeUndefined()
    expect(figuresOf(toPending, "resolution")).toMatchObject({ status: "running", elapsedMs: 3 * HOUR })
    const toNew = inRome(solved.status(tue("14:00"), "new"), policy, tue("15:00"))
    expect(figuresOf(toNew, "agentWork")).toMatchObject({ status: "breached", elapsedMs: 150 * MINUTE })
  })

  it("a reply on a solved ticket starts no update clock (updates end at solved)", () => {
    const status = inRome(solved.reply(tue("12:00")), policy, tue("13:00"))
    expect(keysOf(status)).not.toContain("periodicUpdate#2")
    expect(keysOf(status)).not.toContain("pausableUpdate#2")
  })
})

describe("who opened the ticket", () => {
  const policy = normalPolicy({ firstReply: "PT1H", nextReply: "PT1H", resolution: "PT8H" })

  it("an agent-opened ticket has no first-reply clock; the customer's answer starts next reply", () => {
    const story = ticket().opened(tue("09:00"), { openedBy: "agent" }).message(tue("09:30"))
    const status = inRome(story, policy, tue("10:00"))
    expect(keysOf(status)).toEqual(["nextReply#1", "resolution#1"])
  })

  it("an explicitly customer-opened ticket has one", () => {
    const story = ticket().opened(tue("09:00"), { openedBy: "customer" })
    expect(keysOf(inRome(story, policy, tue("10:00")))).toEqual(["firstReply#1", "resolution#1"])
  })
})

describe("merged tickets", () => {
  const policy = normalPolicy({ firstReply: "PT2H", nextReply: "PT1H", resolution: "PT8H" })

  it("stop their clocks at the merge, and nothing later starts or resumes them", () => {
    const story = ticket()
      .opened(tue("09:00"))
      .merged(tue("10:00"), "T-0")
      .message(tue("10:30"))
      .reply(tue("11:00"))
      .status(tue("11:30"), "open")
    const status = inRome(story, policy, tue("12:00"))
    expect(keysOf(status)).toEqual(["firstReply#1", "resolution#1"])
    for (const c of status.clocks)
      expect(c).toMatchObject({ status: "achieved", elapsedMs: HOUR, stoppedAt: tue("10:00") })
  })

  it("stay stopped when a ticket solved and then merged is reopened", () => {
    // Solving stopped the clocks; the merge finds nothing running. A later reopen must not
    // bring a merged ticket's cumulative clocks back to life.
    const story = ticket()
      .opened(tue("09:00"))
      .status(tue("09:30"), "open")
      .status(tue("10:00"), "solved")
      .merged(tue("10:30"), "T-0")
      .status(tue("11:00"), "open")
    const status = inRome(story, policy, tue("12:00"))
    expect(figuresOf(status, "resolution")).toStrictEqual(
      clock("resolution", {
        status: "achieved",
        startedAt: tue("09:00"),
        elapsedMs: HOUR,
        targetMs: 8 * HOUR,
        stoppedAt: tue("10:00"),
      }),
    )
  })
})
