// Builders for follow-up tests: a ticket history told as a story (every event type the plan
// reads), the Rome office calendar of the SLA tests, and lookups into a plan.
// Every instant is explicit; nothing reads the system clock.
import { Calendar, FollowUp, type Ticket } from "servicekit"
import { expect } from "vitest"
import { HOUR, MINUTE, rome, romeOffice } from "../sla/builders.js"

export { HOUR, MINUTE, rome, romeOffice }

export const DAY = 24 * HOUR

/** June 2025 in Rome (CEST, UTC+2; no DST change): Mon 2 … Fri 6, Sat 7, Sun 8, Mon 9 … */
export const jun = (day: number, hhmm: string): Date =>
  rome(`2025-06-${String(day).padStart(2, "0")}T${hhmm}`)
export const mon = (hhmm: string) => jun(2, hhmm)
export const tue = (hhmm: string) => jun(3, hhmm)
export const wed = (hhmm: string) => jun(4, hhmm)
export const thu = (hhmm: string) => jun(5, hhmm)
export const fri = (hhmm: string) => jun(6, hhmm)
export const sat = (hhmm: string) => jun(7, hhmm)
export const nextMon = (hhmm: string) => jun(9, hhmm)
export const nextTue = (hhmm: string) => jun(10, hhmm)

/** The Rome office calendar (Mon–Fri 09:00–18:00 Europe/Rome) of the SLA tests. */
export const office: Calendar.Calendar = romeOffice

type Opening = Partial<Omit<Ticket.TicketOpened, "type" | "ticketId" | "at">>

/** A ticket history as a story: `story().opened(t).reply(t).solved(t).events`. */
export class Story {
  constructor(
    readonly id: string,
    readonly events: ReadonlyArray<Ticket.TicketEvent> = [],
  ) {}

  add(event: Ticket.TicketEvent): Story {
    return new Story(this.id, [...this.events, event])
  }

  opened(at: Date, opening: Opening = {}): Story {
    return this.add({
      type: "TicketOpened",
      ticketId: this.id,
      at,
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
      ...opening,
    })
  }
  message(at: Date): Story {
    return this.add({ type: "CustomerMessaged", ticketId: this.id, at })
  }
  reply(at: Date, agentId = "a-1"): Story {
    return this.add({ type: "AgentReplied", ticketId: this.id, at, agentId })
  }
  note(at: Date, agentId = "a-2"): Story {
    return this.add({ type: "NoteAdded", ticketId: this.id, at, agentId })
  }
  status(at: Date, status: Ticket.TicketStatus): Story {
    return this.add({ type: "StatusChanged", ticketId: this.id, at, status })
  }
  solved(at: Date): Story {
    return this.status(at, "solved")
  }
  reopened(at: Date): Story {
    return this.status(at, "open")
  }
  chase(at: Date): Story {
    return this.add({ type: "CustomerChased", ticketId: this.id, at })
  }
  promise(at: Date, promiseId: string, dueAt: Date, summary = "call back"): Story {
    return this.add({ type: "PromiseMade", ticketId: this.id, at, promiseId, dueAt, summary })
  }
  kept(at: Date, promiseId: string): Story {
    return this.add({ type: "PromiseKept", ticketId: this.id, at, promiseId })
  }
  answered(at: Date, survey: Ticket.SurveyKind, score: number): Story {
    return this.add({ type: "SurveyAnswered", ticketId: this.id, at, survey, score })
  }
  sent(at: Date, task: { readonly id: string; readonly kind: string }): Story {
    return this.add({ type: "FollowUpSent", ticketId: this.id, at, taskId: task.id, kind: task.kind })
  }
  merged(at: Date, into: string): Story {
    return this.add({ type: "TicketMerged", ticketId: this.id, at, into })
  }
}

export const story = (id = "T-1"): Story => new Story(id)

/** Plans a story (or raw events) in the Rome office unless another calendar is given. */
export const planOf = (
  s: Story | ReadonlyArray<Ticket.TicketEvent>,
  policy: FollowUp.FollowUpPolicy,
  now: Date,
  more: Partial<Omit<FollowUp.PlanOptions, "policy" | "now">> = {},
): FollowUp.FollowUpPlan =>
  FollowUp.plan(s instanceof Story ? s.events : s, { policy, calendar: office, now, ...more })

/** The task with this id; fails the test (listing the ids) when there is none. */
export const task = (p: FollowUp.FollowUpPlan, id: string): FollowUp.FollowUpTask => {
  const found = p.tasks.filter((t) => t.id === id)
  expect(
    found.map((t) => t.id),
    `tasks: ${p.tasks.map((t) => t.id).join(", ")}`,
  ).toEqual([id])
  return found[0]!
}

/** Every task of `kind`. */
export const ofKind = (
  p: FollowUp.FollowUpPlan,
  kind: FollowUp.TaskKind,
): ReadonlyArray<FollowUp.FollowUpTask> => p.tasks.filter((t) => t.kind === kind)

/** `id → state` of a plan, for compact expectations. */
export const states = (p: FollowUp.FollowUpPlan): Record<string, FollowUp.TaskState> =>
  Object.fromEntries(p.tasks.map((t) => [t.id, t.state]))

/** The ISO form the plan uses inside ids. */
export const iso = (d: Date): string => d.toISOString()

/** Whether `t` is open in `cal`, or exactly at one of its closing times. */
export const openOrClosing = (cal: Calendar.Calendar, t: Date): boolean =>
  Calendar.isOpen(cal, t) || Calendar.isOpen(cal, t.getTime() - 1)
