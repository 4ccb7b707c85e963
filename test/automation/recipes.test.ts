// The five recipes of docs/automations.md, each as a story through Automation.plan.
import { describe, expect, it } from "vitest"
import { applyDue, at, event, opened, planAt } from "./story.js"

const pending = (hours: number) => event(hours, { type: "StatusChanged", status: "pending" })
const reply = (hours: number) => event(hours, { type: "AgentReplied", agentId: "a-1" })
/** The customer writes, which reopens the ticket (what Ticket.decide emits for ReceiveCustomerMessage). */
const customerAnswers = (hours: number) => [
  event(hours, { type: "CustomerMessaged" }),
  event(hours, { type: "StatusChanged", status: "open" }),
]

describe("recipe: remind a pending customer after 2 business days, solve after 5 more", () => {
  // Opened Mon 09:00, answered and set pending Mon 10:00. Business days are 9 h (09–18, Mon–Fri).
  const history = [opened(0), reply(1), pending(1)]

  it("reminds once 18 business hours after the ticket went pending", () => {
    const before = planAt(history, at(24 + 9)) // Tue 18:00: 17 business hours pending
    expect(before.due.map((f) => f.ruleId)).toEqual([])
    // Mon 10–18 (8 h) + Tue 9–18 (9 h) + Wed 9–10 (1 h) = 18 h: due Wed 10:00.
    expect(before.nextDueAt).toEqual(at(49))
    const due = planAt(history, at(49))
    expect(due.due.map((f) => f.ruleId)).toEqual(["remind-pending"])
    const [firing] = due.due
    expect(firing?.notifications).toEqual([
      {
        id: `${firing?.id}/notify0`,
        firingId: firing?.id,
        ticketId: "T-1",
        ruleId: "remind-pending",
        to: "customer",
        kind: "pendingReminder",
        requesterId: "c-1",
      },
    ])
    expect(firing?.commands).toEqual([])
    // Recorded, it is not due again while the ticket stays pending; the next rule is 45 h later.
    const after = applyDue(history, due.due)
    const again = planAt(after, at(50))
    expect(again.due).toEqual([])
    // 63 business hours from Mon 10:00: Mon 8 + Tue–Fri 36 = 44, next Mon 9 = 53, Tue 9 = 62, Wed 10:00.
    expect(again.nextDueAt).toEqual(at(7 * 24 + 49))
  })

  it("solves the ticket 5 business days after the reminder, unless the customer answered", () => {
    const reminded = applyDue(history, planAt(history, at(49)).due)
    const solving = planAt(reminded, at(7 * 24 + 49))
    expect(solving.due.map((f) => f.ruleId)).toEqual(["solve-unanswered"])
    expect(solving.due[0]?.commands.map((c) => c.type)).toEqual(["ChangeStatus"])
    const answered = [...reminded, ...customerAnswers(60)]
    // The customer's message reopens the ticket: no longer pending, nothing to solve.
    expect(planAt(answered, at(7 * 24 + 49)).due).toEqual([])
  })

  it("reminds again in a new pending episode", () => {
    const reminded = applyDue(history, planAt(history, at(49)).due)
    const back = [...reminded, ...customerAnswers(50), reply(51), pending(51)]
    // Pending again from Wed 12:00: Wed 6 h + Thu 9 h + Fri 3 h = 18 h, due Fri 12:00.
    const second = planAt(back, at(4 * 24 + 3))
    expect(second.due.map((f) => f.ruleId)).toEqual(["remind-pending"])
    expect(second.due[0]?.id).not.toBe(planAt(history, at(49)).due[0]?.id)
  })
})

describe("recipe: close solved tickets after 4 days", () => {
  const history = [opened(0), reply(1), event(2, { type: "StatusChanged", status: "solved" })]

  it("closes 4 calendar days after the solve, once", () => {
    expect(planAt(history, at(2 + 95)).due).toEqual([])
    expect(planAt(history, at(2 + 95)).nextDueAt).toEqual(at(2 + 96))
    const due = planAt(history, at(2 + 96))
    expect(due.due.map((f) => f.ruleId)).toEqual(["close-solved"])
    const closed = applyDue(history, due.due)
    expect(closed.slice(-2)).toMatchObject([
      { type: "AutomationApplied", firingId: due.due[0]?.id, ruleId: "close-solved" },
      { type: "StatusChanged", status: "closed" },
    ])
    expect(planAt(closed, at(300))).toEqual({ due: [], nextDueAt: undefined })
  })

  it("does not close a ticket reopened in the meantime", () => {
    const reopened = [...history, ...customerAnswers(30)]
    expect(planAt(reopened, at(2 + 96)).due).toEqual([])
  })
})

describe("recipe: on a first-reply breach, raise the priority one step and tag sla-breached", () => {
  const history = [opened(0)]

  it("acts once when the clock breaches, and names its cycle", () => {
    // normal: first reply within 4 business hours → due Mon 13:00, breached from 13:00 + 1 ms.
    const early = planAt(history, at(3))
    expect(early.due).toEqual([])
    expect(early.nextDueAt?.getTime()).toBe(at(4).getTime() + 1)
    const due = planAt(history, at(5))
    expect(due.due.map((f) => f.id)).toEqual(["T-1/first-reply-breach/t0+firstReply.1"])
    expect(due.due[0]?.commands).toEqual([
      { type: "ChangePriority", ticketId: "T-1", at: at(5), priority: "high" },
      { type: "AddTags", ticketId: "T-1", at: at(5), tags: ["sla-breached"] },
    ])
    const escalated = applyDue(history, due.due)
    // Still breached (a stricter target now), same cycle: not again.
    expect(planAt(escalated, at(6)).due).toEqual([])
    expect(planAt(escalated, at(40)).due).toEqual([])
  })

  it("at the top priority raises nothing but still tags", () => {
    const urgent = [opened(0, { priority: "urgent" })]
    const due = planAt(urgent, at(3))
    expect(due.due[0]?.commands.map((c) => c.type)).toEqual(["AddTags"])
  })

  it("does nothing once the clock stopped", () => {
    expect(planAt([opened(0), reply(5)], at(6)).due).toEqual([])
  })
})

describe("recipe: on the second chase, assign to the lead group and alert it", () => {
  const chase = (h: number) => event(h, { type: "CustomerChased" })
  const history = [opened(0), chase(1), chase(2)]

  it("acts on the second chase, not the first", () => {
    expect(planAt(history.slice(0, 2), at(1.5)).due).toEqual([])
    const due = planAt(history, at(2))
    expect(due.due.map((f) => f.ruleId)).toEqual(["second-chase"])
    expect(due.due[0]?.commands).toEqual([
      { type: "AssignTicket", ticketId: "T-1", at: at(2), groupId: "leads" },
    ])
    expect(due.due[0]?.notifications.map((n) => [n.to, n.kind, n.message])).toEqual([
      ["desk", "leadAlert", "the customer chased twice"],
    ])
    const assigned = applyDue(history, due.due)
    expect(planAt([...assigned, chase(3)], at(3)).due).toEqual([])
  })

  it("acts again when the ticket leaves the lead group and the condition holds anew", () => {
    const assigned = applyDue(history, planAt(history, at(2)).due)
    const moved = [...assigned, event(3, { type: "TicketAssigned", groupId: "L1" })]
    const due = planAt(moved, at(3))
    expect(due.due.map((f) => f.ruleId)).toEqual(["second-chase"])
    expect(due.due[0]?.id).not.toBe(planAt(history, at(2)).due[0]?.id)
  })
})

describe("recipe: route by a field (product = billing → group billing)", () => {
  const billing = event(1, { type: "FieldSet", field: "product", value: "billing" })

  it("routes when the field is set, once", () => {
    const history = [opened(0), billing]
    const due = planAt(history, at(1))
    expect(due.due.map((f) => f.ruleId)).toEqual(["route-billing"])
    const routed = applyDue(history, due.due)
    expect(planAt(routed, at(2)).due).toEqual([])
  })

  it("routes a ticket opened with the field", () => {
    const due = planAt([opened(0, { fields: { product: "billing" } })], at(0))
    expect(due.due[0]?.commands).toEqual([
      { type: "AssignTicket", ticketId: "T-1", at: at(0), groupId: "billing" },
    ])
  })
})
