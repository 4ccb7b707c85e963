import { givenTicket } from "servicekit/testing"
import { describe, expect, it } from "vitest"
import { command, event, history } from "./fixtures.js"

describe("customer messages", () => {
  it.each(["new", "open", "onHold"] as const)("on a %s ticket are just recorded", (status) => {
    givenTicket(history[status])
      .when(command("ReceiveCustomerMessage", 10, { channel: "chat" }))
      .thenEmits([event("CustomerMessaged", 10, { channel: "chat" })])
  })

  it("wake a pending ticket: it moves to open before the message", () => {
    const state = givenTicket(history.pending)
      .when(command("ReceiveCustomerMessage", 10, {}))
      .thenEmits([event("StatusChanged", 10, { status: "open" }), event("CustomerMessaged", 10, {})])
    expect(state).toMatchObject({ status: "open", reopenCount: 0, customerMessageCount: 1 })
  })

  it("reopen a solved ticket: it moves to open before the message", () => {
    const state = givenTicket(history.solved)
      .when(command("ReceiveCustomerMessage", 10, { channel: "email" }))
      .thenEmits([
        event("StatusChanged", 10, { status: "open" }),
        event("CustomerMessaged", 10, { channel: "email" }),
      ])
    expect(state).toMatchObject({ status: "open", reopenCount: 1 })
  })

  it("on a closed ticket are refused with a hint to open a follow-up ticket", () => {
    const error = givenTicket(history.closed)
      .when(command("ReceiveCustomerMessage", 10, {}))
      .thenFails("TicketClosed", { ticketId: "T-1", command: "ReceiveCustomerMessage" })
    expect(error.message).toMatch(/follow-up ticket/)
  })
})

describe("agent replies", () => {
  it("are recorded with the agent and channel and counted as public replies", () => {
    const state = givenTicket(history.open)
      .when(command("ReplyToCustomer", 10, { agentId: "a-1", channel: "email" }))
      .thenEmits([event("AgentReplied", 10, { agentId: "a-1", channel: "email" })])
    expect(state).toMatchObject({ publicReplyCount: 1 })
  })

  it("need an agent", () => {
    const error = givenTicket(history.open)
      .when(command("ReplyToCustomer", 10, { agentId: "" }))
      .thenFails("InvalidCommand", { issues: [{ path: "agentId", message: "must not be empty" }] })
    expect(error.message).toContain("agentId")
  })

  it("on a solved ticket leave it solved", () => {
    const state = givenTicket(history.solved)
      .when(command("ReplyToCustomer", 10, { agentId: "a-1" }))
      .thenEmits([event("AgentReplied", 10, { agentId: "a-1" })])
    expect(state).toMatchObject({ status: "solved" })
  })

  it("on a closed ticket are refused", () => {
    givenTicket(history.closed)
      .when(command("ReplyToCustomer", 10, { agentId: "a-1" }))
      .thenFails("TicketClosed")
  })
})

describe("internal notes", () => {
  it("are recorded with their agent and are not public replies", () => {
    const state = givenTicket(history.open)
      .when(command("AddInternalNote", 10, { agentId: "a-2" }))
      .thenEmits([event("NoteAdded", 10, { agentId: "a-2" })])
    expect(state).toMatchObject({ publicReplyCount: 0, status: "open" })
  })

  it("need an agent", () => {
    givenTicket(history.open)
      .when(command("AddInternalNote", 10, { agentId: "" }))
      .thenFails("InvalidCommand", { issues: [{ path: "agentId", message: "must not be empty" }] })
  })
})

describe("customer chases", () => {
  it("are recorded and counted without changing the status", () => {
    const once = [...history.onHold, event("CustomerChased", 5, {})]
    const state = givenTicket(once)
      .when(command("RecordCustomerChase", 10, {}))
      .thenEmits([event("CustomerChased", 10, {})])
    expect(state).toMatchObject({ chaseCount: 2, status: "onHold" })
  })
})
