// Invariants of FollowUp.plan over random ticket histories, policies and calendars
// (Rome office, New York office with a lunch break and holidays, 24/7), March–November 2025.
import fc from "fast-check"
import { Calendar, FollowUp, Sla, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import {
  arbCase,
  arbDistinctHistory,
  arbStep,
  type Case,
  planCase,
  slaPolicies,
  stepEvents,
} from "./arbitraries.js"
import { openOrClosing } from "./story.js"

const TIMED: ReadonlySet<FollowUp.TaskKind> = new Set([
  "promiseReminder",
  "promiseOverdue",
  "chaseEscalation",
  "checkIn",
  "survey",
  "slaWarning",
  "slaBreach",
])
const OWED: ReadonlySet<FollowUp.TaskKind> = new Set(["acknowledge", "keepInformed"])
const pending = (t: FollowUp.FollowUpTask) => t.state === "due" || t.state === "overdue"
const sent = (t: FollowUp.FollowUpTask, at: number): Ticket.TicketEvent => ({
  type: "FollowUpSent",
  ticketId: t.ticketId,
  at: new Date(at),
  taskId: t.id,
  kind: t.kind,
})
const upTo = (c: Case) => c.history.events.filter((e) => e.at.getTime() <= c.now)
const describeCase = (c: Case) =>
  `${c.cal.name}, now ${new Date(c.now).toISOString()}\n${c.history.events
    .map((e) => `${e.at.toISOString()} ${e.type} ${JSON.stringify(e).slice(0, 120)}`)
    .join("\n")}`

const statusAt = (events: ReadonlyArray<Ticket.TicketEvent>) => {
  let status = "new"
  for (const e of events) if (e.type === "StatusChanged") status = e.status
  return status
}

const RUNS = runs(Number(process.env.FOLLOWUP_RUNS ?? 150))

describe("FollowUp.plan properties", () => {
  it("is idempotent: a task recorded as sent at now is done, and nothing else appears or changes", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const before = planCase(c)
        const owed = before.tasks.filter((t) => TIMED.has(t.kind) && pending(t))
        for (const t of owed) {
          const after = planCase(c, [...c.history.events, sent(t, c.now)])
          expect(after.tasks.filter((x) => x.id === t.id)).toEqual([
            { ...t, state: "done", doneAt: new Date(c.now) },
          ])
          expect(after.tasks.filter((x) => x.id !== t.id)).toEqual(before.tasks.filter((x) => x.id !== t.id))
        }
        // Everything sent at once: no timed task is left to send.
        const all = planCase(c, [...c.history.events, ...owed.map((t) => sent(t, c.now))])
        expect(all.tasks.map((t) => t.id)).toEqual(before.tasks.map((t) => t.id))
        expect(all.tasks.filter((t) => TIMED.has(t.kind) && pending(t))).toEqual([])
        // And sending twice changes nothing more.
        const twice = planCase(c, [
          ...c.history.events,
          ...owed.map((t) => sent(t, c.now)),
          ...owed.map((t) => sent(t, c.now)),
        ])
        expect(twice).toEqual(all)
      }),
      { numRuns: RUNS },
    )
  })

  it("keeps every id (with its kind) when unrelated events are appended: notes, assignments", () => {
    fc.assert(
      fc.property(arbCase(), fc.integer({ min: 1, max: 3 }), (c, notes) => {
        const before = planCase(c)
        const extra: Array<Ticket.TicketEvent> = Array.from({ length: notes }, (_, i) => ({
          type: "NoteAdded",
          ticketId: "T-1",
          at: new Date(c.now - i),
          agentId: "a-9",
        }))
        extra.push({ type: "TicketAssigned", ticketId: "T-1", at: new Date(c.now), groupId: "billing" })
        const after = planCase(c, [...c.history.events, ...extra])
        const kinds = new Map(after.tasks.map((t) => [t.id, t.kind]))
        for (const t of before.tasks) expect(kinds.get(t.id), t.id).toBe(t.kind)
        // Internal coordination is not customer contact: the plan is the same.
        expect(after).toEqual(before)
      }),
      { numRuns: RUNS },
    )
  })

  it("ignores events after now: appending them, or dropping them, leaves the plan as it was", () => {
    const later = fc.array(fc.tuple(arbStep, fc.integer({ min: 1, max: 3 * 86_400_000 })), {
      minLength: 1,
      maxLength: 8,
    })
    fc.assert(
      fc.property(arbCase(), later, (c, steps) => {
        const before = planCase(c)
        const future = stepEvents(c.now, steps).events
        const after = planCase(c, [...c.history.events, ...future])
        const kinds = new Map(after.tasks.map((t) => [t.id, t.kind]))
        for (const t of before.tasks) expect(kinds.get(t.id), t.id).toBe(t.kind)
        expect(after).toEqual(before)
        expect(planCase(c, upTo(c))).toEqual(before)
      }),
      { numRuns: RUNS },
    )
  })

  it("owes nothing on a merged ticket: every task is done or cancelled, nothing is next", () => {
    fc.assert(
      fc.property(arbCase(), fc.double({ min: 0, max: 1, noNaN: true }), (c, where) => {
        const opened = c.history.events[0]!.at.getTime()
        const mergedAt = Math.floor(opened + where * (c.now - opened))
        const merge: Ticket.TicketEvent = {
          type: "TicketMerged",
          ticketId: "T-1",
          at: new Date(mergedAt),
          into: "T-2",
        }
        const cut = c.history.events.findIndex((e) => e.at.getTime() > mergedAt)
        const events =
          cut === -1
            ? [...c.history.events, merge]
            : [...c.history.events.slice(0, cut), merge, ...c.history.events.slice(cut)]
        const p = planCase(c, events)
        for (const t of p.tasks) expect(["done", "cancelled"], `${t.id} is ${t.state}`).toContain(t.state)
        expect(p.nextDueAt).toBeUndefined()
      }),
      { numRuns: RUNS },
    )
  })

  it("puts acknowledge, keepInformed and checkIn due times in open hours (or at a closing) in business hours", () => {
    const hoursOf = (policy: FollowUp.FollowUpPolicy, kind: FollowUp.TaskKind) =>
      kind === "acknowledge"
        ? policy.acknowledge?.hours
        : kind === "keepInformed"
          ? policy.keepInformed?.hours
          : kind === "checkIn"
            ? policy.checkIn?.hours
            : undefined
    fc.assert(
      fc.property(arbCase(), (c) => {
        for (const t of planCase(c).tasks) {
          if (hoursOf(c.policy, t.kind) !== "business") continue
          expect(
            openOrClosing(c.cal.calendar, t.dueAt),
            `${t.id} due ${t.dueAt.toISOString()} in ${c.cal.name}: open ${Calendar.isOpen(c.cal.calendar, t.dueAt)}`,
          ).toBe(true)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it("gives every task a unique id (events at distinct instants)", () => {
    fc.assert(
      fc.property(arbCase(arbDistinctHistory), (c) => {
        const ids = planCase(c).tasks.map((t) => t.id)
        expect(new Set(ids).size, ids.join("\n")).toBe(ids.length)
      }),
      { numRuns: RUNS },
    )
  })

  it("states each task by its due time: owed replies due → overdue, timed actions scheduled → due → overdue", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const p = planCase(c)
        for (const t of p.tasks) {
          expect(t.ticketId).toBe("T-1")
          expect(Number.isNaN(t.dueAt.getTime()), t.id).toBe(false)
          expect(t.reason.length).toBeGreaterThan(0)
          expect(t.state === "done").toBe(t.doneAt !== undefined)
          if (t.doneAt !== undefined) expect(t.doneAt.getTime()).toBeLessThanOrEqual(c.now)
          if (t.state === "done" || t.state === "cancelled") continue
          const due = t.dueAt.getTime()
          if (OWED.has(t.kind)) expect(t.state, t.id).toBe(c.now < due ? "due" : "overdue")
          else
            expect(t.state, t.id).toBe(
              c.now < due ? "scheduled" : c.now < due + c.policy.graceMs ? "due" : "overdue",
            )
        }
      }),
      { numRuns: RUNS },
    )
  })

  it("announces as nextDueAt the earliest instant a task changes state", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const events = upTo(c)
        const p = planCase(c, events)
        const live = p.tasks.filter((t) => t.state === "scheduled" || t.state === "due")
        if (p.nextDueAt === undefined) {
          expect(live).toEqual([])
          // Nothing changes later either.
          const later = planCase(c, events, c.now + 30 * 86_400_000)
          expect(later.tasks.map((t) => [t.id, t.state])).toEqual(p.tasks.map((t) => [t.id, t.state]))
          return
        }
        const next = p.nextDueAt.getTime()
        expect(next).toBeGreaterThan(c.now)
        // Just before it nothing has changed; at it, some task has.
        expect(planCase(c, events, next - 1).tasks, describeCase(c)).toEqual(p.tasks)
        const at = planCase(c, events, next)
        expect(at.tasks.map((t) => t.id)).toEqual(p.tasks.map((t) => t.id))
        expect(at.tasks.some((t, i) => t.state !== p.tasks[i]!.state)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it("owes at most one update at a time, and none while the ticket is pending", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const p = planCase(c)
        const owed = p.tasks.filter((t) => t.kind === "keepInformed" && pending(t))
        expect(owed.length).toBeLessThanOrEqual(1)
        const status = statusAt(upTo(c))
        if (status === "pending" || status === "solved" || status === "closed") expect(owed).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it("never sends a survey in the requester's quiet hours (their zone, else the calendar's)", () => {
    const clock = (zone: string, t: Date) => {
      const parts = new Intl.DateTimeFormat("en-GB", {
        timeZone: zone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).formatToParts(t)
      const get = (type: string) => parts.find((x) => x.type === type)?.value ?? "??"
      return `${get("hour")}:${get("minute")}`
    }
    fc.assert(
      fc.property(arbCase(), (c) => {
        const survey = planCase(c).tasks.find((t) => t.kind === "survey")
        if (survey === undefined || c.policy.survey === undefined) return
        const opened = c.history.events[0] as Ticket.TicketOpened
        const zone = opened.requester.timeZone ?? c.cal.calendar.timeZone
        const local = clock(zone, survey.dueAt)
        const { from, to } = c.policy.survey.quietHours
        const quiet = from > to ? local >= from || local < to : local >= from && local < to
        expect(quiet, `${survey.dueAt.toISOString()} is ${local} in ${zone}, quiet ${from}–${to}`).toBe(false)
      }),
      { numRuns: RUNS },
    )
  })

  it("times promises on the wall clock and chase escalations at the nth chase", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const p = planCase(c)
        const events = upTo(c)
        const made = new Map<string, Ticket.PromiseMade>()
        for (const e of events)
          if (e.type === "PromiseMade" && !made.has(e.promiseId)) made.set(e.promiseId, e)
        for (const t of p.tasks) {
          if (t.kind === "promiseReminder" || t.kind === "promiseOverdue") {
            const m = made.get(t.promiseId ?? "")
            expect(m, t.id).toBeDefined()
            const due = m!.dueAt.getTime()
            expect(t.dueAt.getTime(), t.id).toBe(
              t.kind === "promiseOverdue"
                ? due
                : Math.max(m!.at.getTime(), due - (c.policy.promises?.remindBeforeMs ?? 0)),
            )
          }
          if (t.kind === "chaseEscalation") {
            const n = c.policy.chases!.escalateAfter
            const nth = events.filter((e) => e.type === "CustomerChased")[n - 1]
            expect(t.id).toBe(`T-1/chaseEscalation/${n}`)
            expect(t.dueAt).toEqual(nth?.at)
          }
        }
        expect(p.tasks.filter((t) => t.kind === "promiseReminder").length).toBe(
          c.policy.promises ? made.size : 0,
        )
      }),
      { numRuns: RUNS },
    )
  })

  it("plans one survey at most, and one check-in per solve", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const p = planCase(c)
        expect(p.tasks.filter((t) => t.kind === "survey").length).toBeLessThanOrEqual(1)
        let solves = 0
        let status = "new"
        for (const e of upTo(c))
          if (e.type === "StatusChanged") {
            if (e.status === "solved" && status !== "solved" && status !== "closed") solves++
            status = e.status
          }
        expect(p.tasks.filter((t) => t.kind === "checkIn").length).toBe(c.policy.checkIn ? solves : 0)
      }),
      { numRuns: RUNS },
    )
  })

  it("plans the same from an SLA status the app already evaluated (sla.status) as from the history", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const events = c.history.events
        const status = Sla.evaluate(events, { policies: slaPolicies, calendar: c.cal.calendar, now: c.now })
        const reused = FollowUp.plan(events, {
          policy: c.policy,
          calendar: c.cal.calendar,
          now: c.now,
          sla: { policies: slaPolicies, status },
        })
        expect(reused).toStrictEqual(planCase(c))
      }),
      { numRuns: RUNS },
    )
  })
})
