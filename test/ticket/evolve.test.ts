import { readFileSync } from "node:fs"
import * as Result from "effect/Result"
import {
  decodeEvent,
  evolve,
  initialState,
  type OpenedTicket,
  replay,
  type TicketEvent,
  type TicketState,
} from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { at, event, history, opened } from "./fixtures.js"

const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

const ticket = (state: TicketState): OpenedTicket => {
  if (!state.exists) throw new Error("expected an opened ticket")
  return state
}

describe("initialState", () => {
  it("is no ticket at all, with nothing applied", () => {
    expect(initialState).toEqual({ exists: false, version: 0 })
    expect(replay([])).toEqual(initialState)
  })
})

describe("replay", () => {
  it("rebuilds the whole ticket from its history", () => {
    const events: ReadonlyArray<TicketEvent> = [
      { ...opened, tags: ["billing"], openedBy: "agent" },
      event("TicketAssigned", 1, { agentId: "a-1", groupId: "billing" }),
      event("AgentReplied", 2, { agentId: "a-1", channel: "email" }),
      event("NoteAdded", 3, { agentId: "a-1" }),
      event("StatusChanged", 4, { status: "pending" }),
      event("CustomerMessaged", 5, { channel: "email" }),
      event("CustomerChased", 6, {}),
      event("PriorityChanged", 7, { priority: "high" }),
      event("PromiseMade", 8, { promiseId: "p-1", dueAt: at(60), summary: "call back" }),
      event("PromiseMade", 9, { promiseId: "p-2", dueAt: at(90), summary: "send the refund" }),
      event("PromiseKept", 30, { promiseId: "p-1" }),
      event("StatusChanged", 31, { status: "solved" }),
      event("SurveyAnswered", 40, { survey: "csat", score: 4, comment: "ok" }),
      event("FollowUpSent", 41, { taskId: "T-1/checkIn", kind: "checkIn" }),
      event("StatusChanged", 42, { status: "open" }),
      event("TicketMerged", 43, { into: "T-0" }),
    ]
    expect(replay(events)).toEqual({
      exists: true,
      id: "T-1",
      status: "open",
      priority: "high",
      channel: "email",
      requester: { id: "c-1", name: "Ada", timeZone: "Europe/Rome" },
      assignee: { agentId: "a-1", groupId: "billing" },
      tags: ["billing"],
      subject: "Invoice is wrong",
      openedBy: "agent",
      openedAt: at(0),
      lastEventAt: at(43),
      openPromises: [{ promiseId: "p-2", summary: "send the refund", madeAt: at(9), dueAt: at(90) }],
      keptPromises: [
        { promiseId: "p-1", summary: "call back", madeAt: at(8), dueAt: at(60), keptAt: at(30) },
      ],
      chaseCount: 1,
      customerMessageCount: 1,
      publicReplyCount: 1,
      reopenCount: 1,
      surveyAnswers: [{ survey: "csat", score: 4, comment: "ok", answeredAt: at(40) }],
      followUpsSent: [{ taskId: "T-1/checkIn", kind: "checkIn", sentAt: at(41) }],
      mergedInto: "T-0",
      version: 16,
    } satisfies OpenedTicket)
  })

  it("reads a history in exactly the shape the shared SLA scenarios use", () => {
    const json = [
      {
        type: "TicketOpened",
        ticketId: "T-1",
        channel: "email",
        priority: "normal",
        requester: { id: "c-1" },
        openedBy: "customer",
        at: "2025-06-03T08:00:00Z",
      },
      { type: "AgentReplied", ticketId: "T-1", at: "2025-06-03T09:00:00Z", agentId: "a-1" },
      { type: "NoteAdded", ticketId: "T-1", at: "2025-06-03T09:10:00Z", agentId: "a-1" },
      { type: "StatusChanged", ticketId: "T-1", at: "2025-06-03T10:00:00Z", status: "pending" },
      { type: "CustomerMessaged", ticketId: "T-1", at: "2025-06-03T11:00:00Z" },
      { type: "PriorityChanged", ticketId: "T-1", at: "2025-06-03T11:30:00Z", priority: "urgent" },
    ]
    const state = ticket(replay(json.map((e) => ({ ...e, at: new Date(e.at) }) as TicketEvent)))
    expect(state).toMatchObject({ status: "pending", priority: "urgent", publicReplyCount: 1, version: 6 })
  })
})

describe("the histories of the shared SLA scenarios (test/fixtures/scenarios/sla.json)", () => {
  const scenarios: ReadonlyArray<{
    readonly name: string
    readonly events: ReadonlyArray<Record<string, unknown>>
  }> = JSON.parse(readFileSync(new URL("../fixtures/scenarios/sla.json", import.meta.url), "utf8"))

  it.each(scenarios.map((s) => [s.name, s] as const))("replays %s into an opened ticket", (_name, s) => {
    const events = s.events.map((raw) => Result.getOrThrow(decodeEvent(raw)))
    const state = ticket(replay(events))
    expect(state.version).toBe(events.length)
    expect(state.openedAt).toEqual(events[0]?.at)
    expect(state.lastEventAt).toEqual(events.at(-1)?.at)
  })
})

describe("evolve", () => {
  it("accepts stored moves the rules would refuse today, e.g. closed back to open", () => {
    const state = ticket(replay([...history.closed, event("StatusChanged", 10, { status: "open" })]))
    expect(state).toMatchObject({ status: "open", reopenCount: 1 })
  })

  it("counts events before the ticket was opened but otherwise ignores them", () => {
    const stray = event("CustomerChased", 0, {})
    expect(evolve(initialState, stray)).toEqual({ exists: false, version: 1 })
    expect(ticket(replay([stray, opened]))).toMatchObject({ version: 2, chaseCount: 0 })
  })

  it("keeps the first opening when a history holds two", () => {
    const again = { ...opened, at: at(5), priority: "urgent" } as const
    expect(ticket(replay([opened, again]))).toMatchObject({ priority: "normal", openedAt: at(0), version: 2 })
  })

  it("ignores keeping an unknown promise and a second promise with a used id", () => {
    const state = ticket(
      replay([
        opened,
        event("PromiseKept", 1, { promiseId: "p-9" }),
        event("PromiseMade", 2, { promiseId: "p-1", dueAt: at(60), summary: "first" }),
        event("PromiseMade", 3, { promiseId: "p-1", dueAt: at(90), summary: "second" }),
      ]),
    )
    expect(state.openPromises).toEqual([{ promiseId: "p-1", summary: "first", madeAt: at(2), dueAt: at(60) }])
    expect(state.keptPromises).toEqual([])
    expect(state.version).toBe(4)
  })

  it("never changes the state it is given", () => {
    const before = deepFreeze(replay(history.solved))
    const snapshot = structuredClone(before)
    for (const e of [
      event("StatusChanged", 9, { status: "open" }),
      event("PromiseMade", 9, { promiseId: "p-1", dueAt: at(60), summary: "x" }),
      event("SurveyAnswered", 9, { survey: "nps", score: 10 }),
      event("TicketAssigned", 9, { agentId: "a-1" }),
    ]) {
      evolve(before, e)
    }
    expect(before).toEqual(snapshot)
  })
})
