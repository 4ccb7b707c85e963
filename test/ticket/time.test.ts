import { givenTicket } from "servicekit/testing"
import { replay } from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { at, command, event, history } from "./fixtures.js"

describe("time", () => {
  it("never goes backwards: a command before the ticket's last event is refused", () => {
    const error = givenTicket(history.solved) // last event at minute 2
      .when(command("ReplyToCustomer", 1, { agentId: "a-1" }))
      .thenFails("TimeWentBackwards", { ticketId: "T-1", at: at(1), lastEventAt: at(2) })
    expect(error.message).toContain("2025-06-03T08:02:00.000Z")
  })

  it("may stand still: a command at the same instant as the last event is accepted", () => {
    givenTicket(history.solved)
      .when(command("ReplyToCustomer", 2, { agentId: "a-1" }))
      .thenEmits([event("AgentReplied", 2, { agentId: "a-1" })])
  })

  it("is checked against the latest event even if the history stored a late one out of order", () => {
    const state = replay([
      ...history.open,
      event("NoteAdded", 30, { agentId: "a-1" }),
      event("NoteAdded", 20, { agentId: "a-1" }),
    ])
    expect(state.exists && state.lastEventAt).toEqual(at(30))
    givenTicket([
      ...history.open,
      event("NoteAdded", 30, { agentId: "a-1" }),
      event("NoteAdded", 20, { agentId: "a-1" }),
    ])
      .when(command("AddInternalNote", 25, { agentId: "a-1" }))
      .thenFails("TimeWentBackwards", { lastEventAt: at(30) })
  })

  it("comes from the command, never from the system clock", () => {
    const far = new Date("2099-01-01T00:00:00Z")
    givenTicket(history.open)
      .when({ type: "AddInternalNote", ticketId: "T-1", at: far, agentId: "a-1" })
      .thenEmits([{ type: "NoteAdded", ticketId: "T-1", at: far, agentId: "a-1" }])
  })
})
