// FollowUp.plan is linear in the history (issue #17, item 6): each public reply used to scan the
// status changes and the solves from the start of the history. The growth is pinned down by
// counting the searches' steps, never by timing them; the plans are checked against the former
// scans, kept below as the oracle.
import fc from "fast-check"
import { Calendar, FollowUp, type Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { InstantCursor, work } from "../../src/followup/cursor.js"
import { evolveUnchecked } from "../../src/ticket/evolve.js"
import { initialState } from "../../src/ticket/state.js"
import { runs } from "../setup/property-runs.js"
import { arbCase, arbStep, type Case, type History, planCase, stepEvents } from "./arbitraries.js"
import { HOUR, MINUTE, office } from "./story.js"

type Cycle = "pending/open" | "solve/reopen"

/** `n` events: an opening, then replies between status changes, 20 minutes apart. */
const history = (n: number, cycle: Cycle): Array<Ticket.TicketEvent> => {
  const ticketId = "T-1"
  let t = Date.UTC(2025, 5, 2, 7)
  const at = () => {
    t += 20 * MINUTE
    return new Date(t)
  }
  const status = (s: Ticket.TicketStatus): Ticket.TicketEvent => ({
    type: "StatusChanged",
    ticketId,
    at: at(),
    status: s,
  })
  const events: Array<Ticket.TicketEvent> = [
    {
      type: "TicketOpened",
      ticketId,
      at: at(),
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
    },
  ]
  while (events.length < n) {
    events.push({ type: "AgentReplied", ticketId, at: at(), agentId: "a-1" })
    if (cycle === "pending/open") {
      events.push(status("pending"), { type: "CustomerMessaged", ticketId, at: at() }, status("open"))
    } else events.push(status("solved"), status("open"))
  }
  return events.slice(0, n)
}

const policy = FollowUp.policy({ keepInformed: { every: "PT4H" }, checkIn: { after: "P1D" } })

/** The search steps of one plan of `events`, at one hour after the last. */
const stepsOf = (events: ReadonlyArray<Ticket.TicketEvent>): number => {
  const now = events[events.length - 1]!.at.getTime() + 60 * MINUTE
  const before = work.steps
  const plan = FollowUp.plan(events, { policy, calendar: office, now })
  expect(plan.tasks.length).toBeGreaterThan(events.length / 6)
  return work.steps - before
}

describe("FollowUp.plan grows linearly with the history", () => {
  for (const cycle of ["pending/open", "solve/reopen"] as const)
    it(`replies between ${cycle} changes: doubling the history at most doubles the search steps (and a bit)`, () => {
      const sizes = [1_000, 2_000, 4_000, 8_000]
      const steps = sizes.map((n) => stepsOf(history(n, cycle)))
      // A scan from the start per reply makes each ratio about 4; a cursor keeps it about 2.
      const ratios = steps.slice(1).map((s, i) => s / steps[i]!)
      for (const ratio of ratios) expect(ratio).toBeLessThanOrEqual(2.5)
      expect(steps[0]).toBeGreaterThan(0)
      expect(steps[3]).toBeLessThanOrEqual(3 * sizes[3]!)
    })
})

describe("InstantCursor", () => {
  it("finds what a scan from the start finds, whatever the order of the instants and of the queries", () => {
    const instant = fc.integer({ min: 0, max: 40 })
    fc.assert(
      fc.property(
        fc.array(instant, { maxLength: 30 }),
        fc.array(instant, { maxLength: 30 }),
        fc.boolean(),
        (instants, queries, orAt) => {
          const cursor = new InstantCursor(instants, orAt)
          for (const t of queries) {
            const scan = instants.findIndex((s) => (orAt ? s >= t : s > t))
            expect(cursor.first(t)).toBe(scan < 0 ? instants.length : scan)
          }
        },
      ),
      { numRuns: runs(300) },
    )
  })
})

// ---- The oracle: keepInformed and checkIn as planned before the change (scans from the start).

const iso = (t: number) => new Date(t).toISOString()

/** The facts those two practices read, gathered as the plan gathers them. */
const gather = (events: ReadonlyArray<Ticket.TicketEvent>, now: number) => {
  let ticket: Ticket.TicketState = initialState
  const statuses: Array<readonly [number, string]> = []
  const replies: Array<number> = []
  const solves: Array<number> = []
  const solveSeqs: Array<number> = []
  const ends: Array<number> = []
  const reopenSeqs: Array<number> = []
  const sent = new Map<string, number>()
  let mergedAt: number | undefined
  const done = (s: string) => s === "solved" || s === "closed"
  let i = 0
  for (const e of events) {
    i++
    const at = e.at.getTime()
    if (at > now) continue
    const before = ticket
    ticket = evolveUnchecked(before, e)
    if (!ticket.exists) continue
    if (e.type === "TicketOpened") statuses.push([at, "new"])
    else if (e.type === "AgentReplied") replies.push(at)
    else if (e.type === "StatusChanged") {
      const was = before.exists ? before.status : "new"
      statuses.push([at, e.status])
      if (e.status === "solved" && !done(was)) {
        solves.push(at)
        solveSeqs.push(i)
      }
      if (done(e.status) && !done(was)) ends.push(at)
      if (done(was) && !done(e.status)) reopenSeqs.push(i)
    } else if (e.type === "FollowUpSent") {
      if (!sent.has(e.taskId)) sent.set(e.taskId, at)
    } else if (e.type === "TicketMerged") mergedAt ??= at
  }
  return { ticket, statuses, replies, solves, solveSeqs, ends, reopenSeqs, sent, mergedAt }
}

const formerDueWhileNotPending = (
  cal: Calendar.Calendar,
  statuses: ReadonlyArray<readonly [number, string]>,
  from: number,
  until: number,
  ms: number,
): number => {
  let left = ms
  let k = 0
  let status = "new"
  while (k < statuses.length && statuses[k]![0] <= from) status = statuses[k++]![1]
  let cursor = from
  for (;;) {
    const change = k < statuses.length && statuses[k]![0] < until ? statuses[k]! : undefined
    const to = change === undefined ? until : change[0]
    if (status !== "pending") {
      const accrued = Calendar.businessMsBetween(cal, cursor, to)
      if (accrued >= left) return Calendar.addBusinessMs(cal, cursor, left)
      left -= accrued
    }
    if (change === undefined) return Calendar.addBusinessMs(cal, until, left)
    cursor = to
    status = change[1]
    k++
  }
}

/** The keepInformed and checkIn tasks of a case, by the former scans. */
const formerTasks = (c: Case, events: ReadonlyArray<Ticket.TicketEvent>): Array<FollowUp.FollowUpTask> => {
  const { policy, now } = c
  const f = gather(events, now)
  const ticket = f.ticket
  if (!ticket.exists) return []
  const T = ticket.id
  const calendarFor = (hours: FollowUp.Hours) => (hours === "calendar" ? Calendar.always : c.cal.calendar)
  const isSolvedNow = ticket.status === "solved" || ticket.status === "closed"
  const tasks: Array<FollowUp.FollowUpTask> = []
  const add = (
    kind: FollowUp.TaskKind,
    id: string,
    dueAt: number,
    reason: string,
    outcome: { doneAt?: number | undefined; cancelled: boolean },
  ) => {
    const owed = kind === "keepInformed"
    const state: FollowUp.TaskState =
      outcome.doneAt !== undefined
        ? "done"
        : outcome.cancelled || f.mergedAt !== undefined
          ? "cancelled"
          : owed
            ? now < dueAt
              ? "due"
              : "overdue"
            : now < dueAt
              ? "scheduled"
              : now < dueAt + policy.graceMs
                ? "due"
                : "overdue"
    tasks.push({
      id,
      ticketId: T,
      kind,
      dueAt: new Date(dueAt),
      state,
      reason,
      ...(outcome.doneAt === undefined ? {} : { doneAt: new Date(outcome.doneAt) }),
    })
  }
  if (policy.keepInformed) {
    const k = policy.keepInformed
    const cal = calendarFor(k.hours)
    f.replies.forEach((reply, i) => {
      const answered = f.replies[i + 1]
      const solved = f.ends.find((s) => s >= reply)
      const end = Math.min(answered ?? Number.POSITIVE_INFINITY, solved ?? Number.POSITIVE_INFINITY, now)
      const pendingNow = answered === undefined && solved === undefined && ticket.status === "pending"
      if (pendingNow || (answered === undefined && solved === undefined && isSolvedNow)) return
      add(
        "keepInformed",
        `${T}/keepInformed/${i + 1}`,
        formerDueWhileNotPending(cal, f.statuses, reply, end, k.everyMs),
        `update the customer: last public reply at ${iso(reply)}`,
        {
          doneAt:
            answered !== undefined && (solved === undefined || answered <= solved) ? answered : undefined,
          cancelled: solved !== undefined && (answered === undefined || solved < answered),
        },
      )
    })
  }
  if (policy.checkIn) {
    const ch = policy.checkIn
    const cal = calendarFor(ch.hours)
    f.solves.forEach((solved, n) => {
      const id = `${T}/checkIn/${n + 1}`
      const due =
        ch.afterMs === 0
          ? (Calendar.nextOpen(cal, solved)?.getTime() ?? solved)
          : Calendar.addBusinessMs(cal, solved, ch.afterMs)
      add("checkIn", id, due, `check in: solved at ${iso(solved)}, is all well?`, {
        doneAt: f.sent.get(id),
        cancelled: f.reopenSeqs.some((r) => r > f.solveSeqs[n]!),
      })
    })
  }
  return tasks
}

const CHANGED: ReadonlySet<FollowUp.TaskKind> = new Set(["keepInformed", "checkIn"])

/**
 * Histories where most events share their instant with the one before: a reply at the instant of
 * a solve or of a status change is where "after" and "at or after" part ways.
 */
const arbCrowdedHistory: fc.Arbitrary<History> = fc
  .record({
    start: fc.integer({ min: Date.UTC(2025, 2, 20), max: Date.UTC(2025, 10, 20) }),
    steps: fc.array(fc.tuple(arbStep, fc.constantFrom(0, 0, 0, 1, 30 * MINUTE, 5 * HOUR)), { maxLength: 24 }),
  })
  .map(({ start, steps }) => {
    const rest = stepEvents(start, steps)
    const opened: Ticket.TicketEvent = {
      type: "TicketOpened",
      ticketId: "T-1",
      at: new Date(start),
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
    }
    return { events: [opened, ...rest.events], end: rest.end }
  })

describe("FollowUp.plan plans what the former scans planned", () => {
  it("keepInformed and checkIn tasks, for random histories", () => {
    fc.assert(
      fc.property(arbCase(), (c) => {
        const tasks = planCase(c).tasks.filter((t) => CHANGED.has(t.kind))
        expect(tasks).toEqual(formerTasks(c, c.history.events))
      }),
      { numRuns: runs(300) },
    )
  })

  it("…for histories where events share their instants", () => {
    fc.assert(
      fc.property(arbCase(arbCrowdedHistory), (c) => {
        const tasks = planCase(c).tasks.filter((t) => CHANGED.has(t.kind))
        expect(tasks).toEqual(formerTasks(c, c.history.events))
      }),
      { numRuns: runs(300) },
    )
  })

  it("…and for histories read out of time order", () => {
    fc.assert(
      fc.property(
        arbCase().chain((c) =>
          fc
            .shuffledSubarray([...c.history.events], { minLength: c.history.events.length })
            .map((events) => [c, events] as const),
        ),
        ([c, events]) => {
          const tasks = planCase(c, events).tasks.filter((t) => CHANGED.has(t.kind))
          expect(tasks).toEqual(formerTasks(c, events))
        },
      ),
      { numRuns: runs(300) },
    )
  })
})
