// One scenario per customer-service practice, in the Rome office (Mon–Fri 09:00–18:00
// Europe/Rome, June 2025 = UTC+2), with exact due times and the state of each task at several
// `now`s. Owed replies go due → overdue at their deadline; timed actions go scheduled → due →
// overdue (grace 1 h by default). `nextDueAt` is the earliest future state change.
import { Calendar, FollowUp, Sla } from "servicekit"
import { describe, expect, it } from "vitest"
import {
  fri,
  mon,
  nextMon,
  nextTue,
  office,
  ofKind,
  planOf,
  sat,
  states,
  story,
  task,
  thu,
  tue,
  wed,
} from "./story.js"

describe("acknowledge within 15 business minutes", () => {
  const policy = FollowUp.policy({ acknowledge: { within: "PT15M" } })
  const opened = story().opened(tue("10:00"))
  const ACK = "T-1/acknowledge"

  it("is owed from the opening, due by 10:15, then overdue", () => {
    const early = planOf(opened, policy, tue("10:05"))
    expect(early.tasks).toEqual([
      {
        id: ACK,
        ticketId: "T-1",
        kind: "acknowledge",
        dueAt: tue("10:15"),
        state: "due",
        reason: expect.any(String),
      },
    ])
    expect(early.nextDueAt).toEqual(tue("10:15"))
    expect(task(planOf(opened, policy, new Date(tue("10:15").getTime() - 1)), ACK).state).toBe("due")
    // The deadline is the state change nextDueAt announced.
    expect(task(planOf(opened, policy, tue("10:15")), ACK).state).toBe("overdue")
    const late = planOf(opened, policy, tue("10:20"))
    expect(task(late, ACK)).toMatchObject({ dueAt: tue("10:15"), state: "overdue" })
    expect(late.nextDueAt).toBeUndefined()
  })

  it("is done by the first public reply, on time or late", () => {
    const onTime = planOf(opened.reply(tue("10:10")), policy, tue("10:30"))
    expect(task(onTime, ACK)).toMatchObject({ state: "done", doneAt: tue("10:10"), dueAt: tue("10:15") })
    expect(onTime.nextDueAt).toBeUndefined()
    const late = planOf(opened.reply(tue("10:40")), policy, tue("11:00"))
    expect(task(late, ACK)).toMatchObject({ state: "done", doneAt: tue("10:40") })
  })

  it("is not answered by an internal note or a customer message", () => {
    const noted = opened.note(tue("10:05")).message(tue("10:06"))
    expect(task(planOf(noted, policy, tue("10:10")), ACK).state).toBe("due")
    expect(task(planOf(noted, policy, tue("10:20")), ACK).state).toBe("overdue")
  })

  it("ignores a reply after now", () => {
    const p = planOf(opened.reply(tue("10:30")), policy, tue("10:20"))
    expect(task(p, ACK).state).toBe("overdue")
  })

  it("counts business minutes: Friday 17:50 is due Monday 09:05, a Saturday request Monday 09:15", () => {
    const friday = planOf(story().opened(fri("17:50")), policy, sat("12:00"))
    expect(task(friday, ACK)).toMatchObject({ dueAt: nextMon("09:05"), state: "due" })
    expect(friday.nextDueAt).toEqual(nextMon("09:05"))
    const saturday = planOf(story().opened(sat("10:00")), policy, sat("10:05"))
    expect(task(saturday, ACK).dueAt).toEqual(nextMon("09:15"))
    const early = planOf(story().opened(tue("07:30")), policy, tue("08:00"))
    expect(task(early, ACK).dueAt).toEqual(tue("09:15"))
  })

  it("counts wall-clock minutes with hours: calendar", () => {
    const wall = FollowUp.policy({ acknowledge: { within: "PT15M", hours: "calendar" } })
    expect(task(planOf(story().opened(fri("17:50")), wall, fri("17:55")), ACK).dueAt).toEqual(fri("18:05"))
  })

  it("is not owed on a ticket an agent opened", () => {
    const p = planOf(story().opened(tue("10:00"), { openedBy: "agent" }), policy, tue("11:00"))
    expect(p.tasks).toEqual([])
    expect(p.nextDueAt).toBeUndefined()
  })

  it("is cancelled when the ticket is solved before any reply", () => {
    const p = planOf(opened.solved(tue("10:10")), policy, tue("11:00"))
    expect(task(p, ACK).state).toBe("cancelled")
  })
})

describe("a week-long investigation with daily updates (keepInformed every PT9H = one business day)", () => {
  const policy = FollowUp.policy({ acknowledge: { within: "PT15M" }, keepInformed: { every: "PT9H" } })
  // Task ids are opaque: each update task is found by kind and order in one plan, then followed
  // by its id across plans (ids are deterministic).
  const updates = (p: FollowUp.FollowUpPlan) => ofKind(p, "keepInformed")
  // Monday: opened and acknowledged; a note in the afternoon.
  const monday = story().opened(mon("09:00")).reply(mon("09:10")).note(mon("15:00"))
  // Tuesday: the update comes late, at 11:00; the customer writes at 12:00.
  const tuesday = monday.reply(tue("11:00")).message(tue("12:00"))
  // Wednesday 10:00 to Thursday 10:00 the ticket waits on the customer.
  const waiting = tuesday.status(wed("10:00"), "pending")
  const thursday = waiting.message(thu("10:00")).status(thu("10:00"), "open")
  const K1 = updates(planOf(monday, policy, mon("17:00")))[0]!.id
  const K2 = updates(planOf(tuesday, policy, tue("15:00")))[1]!.id

  it("owes an update one business day after each public reply; a note is not one", () => {
    const p = planOf(monday, policy, mon("17:00"))
    expect(updates(p)).toEqual([
      {
        id: K1,
        ticketId: "T-1",
        kind: "keepInformed",
        dueAt: tue("09:10"),
        state: "due",
        reason: expect.any(String),
      },
    ])
    expect(p.nextDueAt).toEqual(tue("09:10"))
    expect(task(planOf(monday, policy, tue("09:30")), K1).state).toBe("overdue")
  })

  it("restarts the interval at each public reply", () => {
    const p = planOf(tuesday, policy, tue("15:00"))
    expect(updates(p)).toEqual([
      expect.objectContaining({ id: K1, state: "done", doneAt: tue("11:00"), dueAt: tue("09:10") }),
      expect.objectContaining({ id: K2, state: "due", dueAt: wed("11:00") }),
    ])
    expect(K2).not.toBe(K1)
    expect(p.nextDueAt).toEqual(wed("11:00"))
  })

  it("is not owed while the ticket is pending on the customer", () => {
    const p = planOf(waiting, policy, wed("15:00"))
    const owed = updates(p).filter((t) => t.state === "due" || t.state === "overdue")
    expect(owed).toEqual([])
    // Past the 11:00 that would have been due without the pause: still nothing owed.
    expect(
      updates(planOf(waiting, policy, thu("09:30"))).filter(
        (t) => t.state === "due" || t.state === "overdue",
      ),
    ).toEqual([])
  })

  it("does not count pending time: 8 h before the pause + 1 h after it = Thursday 11:00", () => {
    const p = planOf(thursday, policy, thu("10:30"))
    expect(task(p, K2)).toMatchObject({ dueAt: thu("11:00"), state: "due" })
    expect(p.nextDueAt).toEqual(thu("11:00"))
    expect(task(planOf(thursday, policy, thu("11:30")), K2).state).toBe("overdue")
  })

  it("counts on-hold time (only pending pauses the cadence)", () => {
    const held = tuesday.status(wed("10:00"), "onHold")
    expect(task(planOf(held, policy, wed("10:30")), K2).dueAt).toEqual(wed("11:00"))
  })

  it("is cancelled when the ticket is solved, and no update is owed after", () => {
    const week = thursday.reply(thu("10:45")).solved(fri("10:00"))
    const before = planOf(week, policy, thu("12:00"))
    const K3 = updates(before)[2]!
    expect(K3).toMatchObject({ dueAt: fri("10:45"), state: "due" })
    expect(new Set([K1, K2, K3.id]).size).toBe(3)
    const after = planOf(week, policy, fri("12:00"))
    expect(states(after)).toEqual({
      "T-1/acknowledge": "done",
      [K1]: "done",
      [K2]: "done",
      [K3.id]: "cancelled",
    })
    expect(task(after, K3.id).dueAt).toEqual(fri("10:45"))
    expect(after.nextDueAt).toBeUndefined()
  })

  it("is met all week by one update a day", () => {
    const days = [mon("10:00"), tue("09:55"), wed("09:50"), thu("09:45"), fri("09:40")]
    const s = days.reduce((acc, d) => acc.reply(d), story().opened(mon("09:00")))
    const p = planOf(s, policy, fri("12:00"))
    expect(updates(p).map((t) => [t.dueAt, t.state])).toEqual([
      [tue("10:00"), "done"],
      [wed("09:55"), "done"],
      [thu("09:50"), "done"],
      [fri("09:45"), "done"],
      [nextMon("09:40"), "due"],
    ])
    expect(p.nextDueAt).toEqual(nextMon("09:40"))
  })

  it("ends a business day at its closing time: a reply at opening is due at 18:00 that day", () => {
    const p = planOf(story().opened(wed("08:30")).reply(wed("09:00")), policy, wed("12:00"))
    expect(updates(p).map((t) => t.dueAt)).toEqual([wed("18:00")])
  })
})

describe("a promised 15:00 call-back (promises remindBefore PT1H)", () => {
  const policy = FollowUp.policy({ promises: { remindBefore: "PT1H" } })
  const promised = story()
    .opened(tue("09:00"))
    .reply(tue("09:30"))
    .promise(tue("10:00"), "callback", tue("15:00"))
  const REMIND = "T-1/promiseReminder/callback"
  const ESCALATE = "T-1/promiseOverdue/callback"

  it("reminds at 14:00 and escalates at 15:00 when unkept", () => {
    const at13 = planOf(promised, policy, tue("13:00"))
    expect(at13.tasks).toEqual([
      {
        id: REMIND,
        ticketId: "T-1",
        kind: "promiseReminder",
        dueAt: tue("14:00"),
        state: "scheduled",
        promiseId: "callback",
        reason: expect.any(String),
      },
      {
        id: ESCALATE,
        ticketId: "T-1",
        kind: "promiseOverdue",
        dueAt: tue("15:00"),
        state: "scheduled",
        promiseId: "callback",
        reason: expect.any(String),
      },
    ])
    expect(at13.nextDueAt).toEqual(tue("14:00"))

    const at14 = planOf(promised, policy, tue("14:00"))
    expect(states(at14)).toEqual({ [REMIND]: "due", [ESCALATE]: "scheduled" })
    expect(at14.nextDueAt).toEqual(tue("15:00"))
    expect(states(planOf(promised, policy, tue("14:59")))).toEqual({
      [REMIND]: "due",
      [ESCALATE]: "scheduled",
    })

    const at15 = planOf(promised, policy, tue("15:00"))
    expect(states(at15)).toEqual({ [REMIND]: "overdue", [ESCALATE]: "due" })
    expect(at15.nextDueAt).toEqual(tue("16:00"))

    const at16 = planOf(promised, policy, tue("16:00"))
    expect(states(at16)).toEqual({ [REMIND]: "overdue", [ESCALATE]: "overdue" })
    expect(at16.nextDueAt).toBeUndefined()
  })

  it("marks the reminder done after FollowUpSent, and still escalates the unkept promise", () => {
    const reminded = promised.sent(tue("14:05"), { id: REMIND, kind: "promiseReminder" })
    const p = planOf(reminded, policy, tue("15:30"))
    expect(task(p, REMIND)).toMatchObject({ state: "done", doneAt: tue("14:05") })
    expect(task(p, ESCALATE).state).toBe("due")
    const escalated = reminded.sent(tue("15:10"), { id: ESCALATE, kind: "promiseOverdue" })
    expect(states(planOf(escalated, policy, tue("17:00")))).toEqual({ [REMIND]: "done", [ESCALATE]: "done" })
  })

  it("cancels both when the promise is kept before the reminder", () => {
    const p = planOf(promised.kept(tue("13:30"), "callback"), policy, tue("16:00"))
    expect(states(p)).toEqual({ [REMIND]: "cancelled", [ESCALATE]: "cancelled" })
    expect(p.nextDueAt).toBeUndefined()
  })

  it("keeps a sent reminder done when the promise is then kept, and cancels the escalation", () => {
    const p = planOf(
      promised.sent(tue("14:00"), { id: REMIND, kind: "promiseReminder" }).kept(tue("14:30"), "callback"),
      policy,
      tue("16:00"),
    )
    expect(states(p)).toEqual({ [REMIND]: "done", [ESCALATE]: "cancelled" })
  })

  it("uses wall-clock time: a promise for Saturday 10:00 is reminded Saturday 09:00", () => {
    const weekend = story().opened(fri("16:00")).promise(fri("17:00"), "sat", sat("10:00"))
    const p = planOf(weekend, policy, fri("17:30"))
    expect(task(p, "T-1/promiseReminder/sat").dueAt).toEqual(sat("09:00"))
    expect(task(p, "T-1/promiseOverdue/sat").dueAt).toEqual(sat("10:00"))
  })

  it("reminds at once a promise made less than the reminder time before it is due", () => {
    const p = planOf(
      story().opened(tue("09:00")).promise(tue("14:30"), "soon", tue("15:00")),
      policy,
      tue("14:31"),
    )
    expect(task(p, "T-1/promiseReminder/soon")).toMatchObject({ dueAt: tue("14:30"), state: "due" })
  })
})

describe("two chases escalate (chases escalateAfter 2)", () => {
  const policy = FollowUp.policy({ chases: { escalateAfter: 2 } })
  const ID = "T-1/chaseEscalation/2"
  const once = story().opened(tue("09:00")).chase(tue("11:00"))
  const twice = once.chase(tue("14:00"))

  it("does nothing after one chase", () => {
    expect(planOf(once, policy, tue("13:00")).tasks).toEqual([])
  })

  it("escalates at the second chase, overdue after the grace hour", () => {
    const p = planOf(twice, policy, tue("14:30"))
    expect(p.tasks).toEqual([
      {
        id: ID,
        ticketId: "T-1",
        kind: "chaseEscalation",
        dueAt: tue("14:00"),
        state: "due",
        reason: expect.any(String),
      },
    ])
    expect(p.nextDueAt).toEqual(tue("15:00"))
    expect(task(planOf(twice, policy, tue("15:00")), ID).state).toBe("overdue")
  })

  it("keeps one escalation on a third chase, done once sent", () => {
    const thrice = twice.chase(tue("16:00"))
    expect(ofKind(planOf(thrice, policy, tue("16:10")), "chaseEscalation")).toHaveLength(1)
    const sent = thrice.sent(tue("16:20"), { id: ID, kind: "chaseEscalation" })
    expect(task(planOf(sent, policy, tue("17:00")), ID)).toMatchObject({
      state: "done",
      doneAt: tue("16:20"),
    })
  })

  it("is cancelled when the ticket is solved before the escalation is sent", () => {
    expect(task(planOf(twice.solved(tue("14:10")), policy, tue("16:00")), ID).state).toBe("cancelled")
  })

  it("escalates after one chase when escalateAfter is 1", () => {
    const one = FollowUp.policy({ chases: { escalateAfter: 1 } })
    expect(task(planOf(once, one, tue("11:30")), "T-1/chaseEscalation/1").dueAt).toEqual(tue("11:00"))
  })
})

describe("check in three business days after solved (checkIn after PT27H)", () => {
  const policy = FollowUp.policy({ checkIn: { after: "PT27H" } })
  const solved = story().opened(mon("09:00")).reply(mon("09:10")).solved(tue("16:00"))
  const FIRST = ofKind(planOf(solved, policy, wed("10:00")), "checkIn")[0]!.id

  it("is scheduled for Friday 16:00, due then, overdue an hour later", () => {
    const p = planOf(solved, policy, wed("10:00"))
    expect(p.tasks).toEqual([
      {
        id: FIRST,
        ticketId: "T-1",
        kind: "checkIn",
        dueAt: fri("16:00"),
        state: "scheduled",
        reason: expect.any(String),
      },
    ])
    expect(p.nextDueAt).toEqual(fri("16:00"))
    const due = planOf(solved, policy, fri("16:30"))
    expect(task(due, FIRST).state).toBe("due")
    expect(due.nextDueAt).toEqual(fri("17:00"))
    expect(task(planOf(solved, policy, fri("17:00")), FIRST).state).toBe("overdue")
  })

  it("is done after FollowUpSent", () => {
    const sent = solved.sent(fri("16:10"), { id: FIRST, kind: "checkIn" })
    expect(task(planOf(sent, policy, fri("17:30")), FIRST)).toMatchObject({
      state: "done",
      doneAt: fri("16:10"),
    })
  })

  it("is cancelled when reopened; a second solve gives a new check-in with a new id", () => {
    const reopened = solved.reopened(wed("10:00"))
    expect(states(planOf(reopened, policy, wed("11:00")))).toEqual({ [FIRST]: "cancelled" })
    const again = reopened.reply(wed("11:00")).solved(thu("12:00"))
    const p = planOf(again, policy, fri("09:00"))
    const checkIns = ofKind(p, "checkIn")
    expect(checkIns).toHaveLength(2)
    const second = checkIns.find((t) => t.id !== FIRST)!
    expect(task(p, FIRST).state).toBe("cancelled")
    // Thursday 12–18 (6 h), Friday (9 h), Monday (9 h), Tuesday 09–12 (3 h).
    expect(second).toMatchObject({ state: "scheduled", dueAt: nextTue("12:00") })
    expect(p.nextDueAt).toEqual(nextTue("12:00"))
    // Sending the first (cancelled) one's id does not complete the new one.
    const stale = again.sent(fri("08:00"), { id: FIRST, kind: "checkIn" })
    expect(task(planOf(stale, policy, nextTue("12:30")), second.id).state).toBe("due")
  })

  it("is not cancelled by closing the solved ticket", () => {
    const closed = solved.status(wed("16:00"), "closed")
    expect(task(planOf(closed, policy, fri("16:30")), FIRST).state).toBe("due")
  })
})

describe("one survey only, moved out of the requester's night (survey csat after PT2H calendar)", () => {
  const policy = FollowUp.policy({ survey: { kind: "csat", after: "PT2H", hours: "calendar" } })
  const SURVEY = "T-1/survey/csat"
  const inZone = (timeZone: string | undefined) =>
    story().opened(tue("09:00"), {
      requester: timeZone === undefined ? { id: "c-1" } : { id: "c-1", timeZone },
    })

  it("Tokyo: solved 16:00 Rome, raw due 01:00 Tokyo → 08:00 Tokyo (Tuesday 23:00Z)", () => {
    const solved = inZone("Asia/Tokyo").reply(tue("09:10")).solved(tue("16:00"))
    const p = planOf(solved, policy, tue("20:00"))
    expect(p.tasks).toEqual([
      {
        id: SURVEY,
        ticketId: "T-1",
        kind: "survey",
        dueAt: new Date("2025-06-03T23:00:00Z"),
        state: "scheduled",
        reason: expect.any(String),
      },
    ])
    expect(p.nextDueAt).toEqual(new Date("2025-06-03T23:00:00Z"))
    expect(task(planOf(solved, policy, wed("01:30")), SURVEY).state).toBe("due")
    expect(task(planOf(solved, policy, wed("02:00")), SURVEY).state).toBe("overdue")
  })

  it("New York: solved 09:30 Rome, raw due 05:30 New York → 08:00 New York (12:00Z)", () => {
    const p = planOf(inZone("America/New_York").solved(tue("09:30")), policy, tue("10:00"))
    expect(task(p, SURVEY).dueAt).toEqual(new Date("2025-06-03T12:00:00Z"))
  })

  it("keeps a raw due time outside the night, and the bounds: 08:00 stays, 21:00 moves", () => {
    const day = planOf(inZone("America/New_York").solved(tue("16:00")), policy, tue("16:30"))
    expect(task(day, SURVEY).dueAt).toEqual(tue("18:00")) // 12:00 in New York
    // 12:00 Rome + 2 h = 21:00 Tokyo exactly: the night has begun.
    const at21 = planOf(inZone("Asia/Tokyo").solved(tue("12:00")), policy, tue("12:30"))
    expect(task(at21, SURVEY).dueAt).toEqual(new Date("2025-06-03T23:00:00Z"))
    // 23:00 Rome (21:00Z) + 2 h = 08:00 Tokyo exactly: the day has begun.
    const at08 = planOf(inZone("Asia/Tokyo").solved(tue("23:00")), policy, tue("23:30"))
    expect(task(at08, SURVEY).dueAt).toEqual(new Date("2025-06-03T23:00:00Z"))
  })

  it("uses the calendar's zone when the requester has none", () => {
    const p = planOf(inZone(undefined).solved(tue("19:30")), policy, tue("20:00"))
    expect(task(p, SURVEY).dueAt).toEqual(wed("08:00"))
  })

  it("honours custom quiet hours", () => {
    const custom = FollowUp.policy({
      survey: { kind: "nps", after: "PT2H", hours: "calendar", quietHours: { from: "22:00", to: "07:00" } },
    })
    const p = planOf(inZone(undefined).solved(tue("19:30")), custom, tue("20:00"))
    expect(task(p, "T-1/survey/nps").dueAt).toEqual(tue("21:30"))
    const late = planOf(inZone(undefined).solved(tue("20:30")), custom, tue("21:00"))
    expect(task(late, "T-1/survey/nps").dueAt).toEqual(wed("07:00"))
  })

  it("is done after FollowUpSent, or when the requester answers the survey", () => {
    const solved = inZone("Asia/Tokyo").solved(tue("16:00"))
    const sent = solved.sent(wed("01:05"), { id: SURVEY, kind: "survey" })
    expect(task(planOf(sent, policy, wed("09:00")), SURVEY)).toMatchObject({
      state: "done",
      doneAt: wed("01:05"),
    })
    const answered = solved.answered(wed("10:00"), "csat", 5)
    expect(task(planOf(answered, policy, wed("11:00")), SURVEY)).toMatchObject({
      state: "done",
      doneAt: wed("10:00"),
    })
    // An answer to another kind of survey does not complete it.
    expect(task(planOf(solved.answered(wed("10:00"), "nps", 9), policy, wed("11:00")), SURVEY).state).toBe(
      "overdue",
    )
  })

  it("stays one task through reopen and re-solve: cancelled while reopened, rescheduled after", () => {
    const solved = inZone("Asia/Tokyo").solved(tue("16:00"))
    const reopened = solved.reopened(tue("17:00"))
    expect(states(planOf(reopened, policy, tue("17:30")))).toEqual({ [SURVEY]: "cancelled" })
    // Re-solved Wednesday 11:00 Rome: + 2 h = 20:00 Tokyo, before the night.
    const again = reopened.solved(wed("11:00"))
    const p = planOf(again, policy, wed("11:30"))
    expect(ofKind(p, "survey")).toHaveLength(1)
    expect(task(p, SURVEY)).toMatchObject({ dueAt: wed("13:00"), state: "scheduled" })
  })

  it("is not sent twice: a survey sent before a reopen stays done after the re-solve", () => {
    const sent = inZone("Asia/Tokyo")
      .solved(tue("16:00"))
      .sent(wed("01:05"), { id: SURVEY, kind: "survey" })
      .reopened(wed("10:00"))
      .solved(wed("11:00"))
    const p = planOf(sent, policy, thu("12:00"))
    expect(ofKind(p, "survey")).toEqual([
      expect.objectContaining({ id: SURVEY, state: "done", doneAt: wed("01:05") }),
    ])
  })

  it("counts business hours by default, then leaves the night", () => {
    const business = FollowUp.policy({ survey: { kind: "ces", after: "PT2H" } })
    // Solved Friday 17:30 Rome: 30 min on Friday, 1 h 30 on Monday → Monday 10:30 Rome = 04:30 New York → 08:00.
    const p = planOf(inZone("America/New_York").solved(fri("17:30")), business, sat("10:00"))
    expect(task(p, "T-1/survey/ces").dueAt).toEqual(nextMon("14:00"))
  })
})

describe("escalate on SLA warnings and breaches (escalateOnSla)", () => {
  const sla = {
    policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT1H" } }, warnAt: [0.75] })],
  }
  const policy = FollowUp.policy({ escalateOnSla: { warnAt: true, onBreach: true } })
  const WARN = "T-1/slaWarning/firstReply#1/0.75"
  const BREACH = "T-1/slaBreach/firstReply#1"
  // Opened Tuesday 17:30: 30 business minutes on Tuesday, the rest on Wednesday from 09:00.
  const opened = story().opened(tue("17:30"))
  const at = (now: Date, s = opened) => planOf(s, policy, now, { sla })

  it("schedules the warning at 75 % (Wednesday 09:15) and the breach at 100 % (09:30)", () => {
    const p = at(tue("17:40"))
    expect(p.tasks).toEqual([
      {
        id: WARN,
        ticketId: "T-1",
        kind: "slaWarning",
        dueAt: wed("09:15"),
        state: "scheduled",
        reason: expect.any(String),
      },
      {
        id: BREACH,
        ticketId: "T-1",
        kind: "slaBreach",
        dueAt: wed("09:30"),
        state: "scheduled",
        reason: expect.any(String),
      },
    ])
    expect(p.nextDueAt).toEqual(wed("09:15"))
  })

  it("moves through due and overdue with the grace hour", () => {
    const w = at(wed("09:20"))
    expect(states(w)).toEqual({ [WARN]: "due", [BREACH]: "scheduled" })
    expect(w.nextDueAt).toEqual(wed("09:30"))
    const b = at(wed("09:45"))
    expect(states(b)).toEqual({ [WARN]: "due", [BREACH]: "due" })
    expect(task(b, BREACH).dueAt).toEqual(wed("09:30"))
    expect(b.nextDueAt).toEqual(wed("10:15"))
    const late = at(wed("10:40"))
    expect(states(late)).toEqual({ [WARN]: "overdue", [BREACH]: "overdue" })
    expect(late.nextDueAt).toBeUndefined()
  })

  it("uses the instants Sla.evaluate reports", () => {
    const status = Sla.evaluate(opened.events, { ...sla, calendar: office, now: wed("09:45") })
    const clock = status.clocks[0]!
    const p = at(wed("09:45"))
    expect(task(p, BREACH).dueAt).toEqual(clock.breachedAt)
    expect(task(p, WARN).dueAt).toEqual(clock.warnings[0]?.at)
  })

  it("is done after FollowUpSent", () => {
    const sent = opened
      .sent(wed("09:50"), { id: WARN, kind: "slaWarning" })
      .sent(wed("09:51"), { id: BREACH, kind: "slaBreach" })
    const p = at(wed("11:00"), sent)
    expect(task(p, WARN)).toMatchObject({ state: "done", doneAt: wed("09:50") })
    expect(task(p, BREACH)).toMatchObject({ state: "done", doneAt: wed("09:51") })
    expect(p.nextDueAt).toBeUndefined()
  })

  it("escalates only what the policy asks for", () => {
    const onlyBreach = FollowUp.policy({ escalateOnSla: { warnAt: false } })
    expect(planOf(opened, onlyBreach, tue("17:40"), { sla }).tasks.map((t) => t.id)).toEqual([BREACH])
    const onlyWarn = FollowUp.policy({ escalateOnSla: { onBreach: false } })
    expect(planOf(opened, onlyWarn, tue("17:40"), { sla }).tasks.map((t) => t.id)).toEqual([WARN])
  })

  it("owes nothing once the reply came in time", () => {
    const p = at(wed("12:00"), opened.reply(wed("09:10")))
    expect(p.tasks.filter((t) => t.state !== "done" && t.state !== "cancelled")).toEqual([])
  })

  it("needs the sla option: without it, planning is refused naming sla (not silently empty)", () => {
    expect(() => planOf(opened, policy, wed("12:00"))).toThrow(
      expect.objectContaining({ _tag: "InvalidPlan", field: "sla" }),
    )
  })

  it("refuses an sla.status that is not an SLA status, or that names none of the policies", () => {
    const notStatus = { ...sla, status: { policyId: "std" } as unknown as Sla.SlaStatus }
    expect(() => planOf(opened, policy, wed("12:00"), { sla: notStatus })).toThrow(
      expect.objectContaining({ _tag: "InvalidPlan", field: "sla.status" }),
    )
    const stranger = { ...sla, status: { policyId: "gold", clocks: [], nextChangeAt: undefined } }
    expect(() => planOf(opened, policy, wed("12:00"), { sla: stranger })).toThrow(
      expect.objectContaining({ _tag: "InvalidPlan", field: "sla.status.policyId" }),
    )
  })
})

describe("a merged ticket owes nothing", () => {
  it("cancels every open task when the ticket is merged", () => {
    const policy = FollowUp.policy({
      acknowledge: { within: "PT15M" },
      keepInformed: { every: "PT9H" },
      promises: { remindBefore: "PT1H" },
      chases: { escalateAfter: 2 },
    })
    const s = story()
      .opened(tue("09:00"))
      .reply(tue("09:05"))
      .promise(tue("09:10"), "p", tue("15:00"))
      .chase(tue("10:00"))
      .chase(tue("11:00"))
      .merged(tue("12:00"), "T-9")
    const p = planOf(s, policy, wed("12:00"))
    expect(p.tasks.map((t) => [t.kind, t.state])).toEqual([
      ["acknowledge", "done"],
      ["keepInformed", "cancelled"],
      ["promiseReminder", "cancelled"],
      ["promiseOverdue", "cancelled"],
      ["chaseEscalation", "cancelled"],
    ])
    expect(p.nextDueAt).toBeUndefined()
  })
})

describe("calendars and instants", () => {
  it("takes now as epoch milliseconds", () => {
    const policy = FollowUp.policy({ acknowledge: { within: "PT15M" } })
    const s = story().opened(tue("10:00"))
    expect(planOf(s, policy, tue("10:05"))).toEqual(
      FollowUp.plan(s.events, { policy, calendar: office, now: tue("10:05").getTime() }),
    )
  })

  it("plans in another business calendar (New York, across the DST change of 2 November 2025)", () => {
    const ny = Calendar.make({
      timeZone: "America/New_York",
      hours: {
        mon: ["09:00-17:00"],
        tue: ["09:00-17:00"],
        wed: ["09:00-17:00"],
        thu: ["09:00-17:00"],
        fri: ["09:00-17:00"],
      },
    })
    const policy = FollowUp.policy({ checkIn: { after: "PT8H" } })
    // Friday 31 October 16:00 EDT (20:00Z): 1 h on Friday, 7 h on Monday 3 November → 16:00 EST (21:00Z).
    const s = story().opened(new Date("2025-10-31T18:00:00Z")).solved(new Date("2025-10-31T20:00:00Z"))
    const p = FollowUp.plan(s.events, { policy, calendar: ny, now: new Date("2025-11-01T12:00:00Z") })
    expect(p.tasks.map((t) => t.dueAt)).toEqual([new Date("2025-11-03T21:00:00Z")])
  })

  it("counts the grace the policy sets", () => {
    const policy = FollowUp.policy({ chases: { escalateAfter: 1 }, grace: "PT15M" })
    const s = story().opened(tue("09:00")).chase(tue("10:00"))
    const p = planOf(s, policy, tue("10:10"))
    expect(p.nextDueAt).toEqual(tue("10:15"))
    expect(states(planOf(s, policy, tue("10:15")))).toEqual({ "T-1/chaseEscalation/1": "overdue" })
  })
})
