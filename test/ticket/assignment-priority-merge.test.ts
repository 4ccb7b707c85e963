import { givenTicket } from "servicekit/testing"
import { describe, expect, it } from "vitest"
import { command, event, history } from "./fixtures.js"

describe("priority", () => {
  it("changes and the state follows", () => {
    const state = givenTicket(history.open)
      .when(command("ChangePriority", 10, { priority: "urgent" }))
      .thenEmits([event("PriorityChanged", 10, { priority: "urgent" })])
    expect(state).toMatchObject({ priority: "urgent" })
  })

  it("set to the current value is a no-op", () => {
    givenTicket(history.open)
      .when(command("ChangePriority", 10, { priority: "normal" }))
      .thenEmits([])
  })

  it("must be one of the known priorities", () => {
    const error = givenTicket(history.open)
      .when(command("ChangePriority", 10, { priority: "asap" as "high" }))
      .thenFails("InvalidCommand")
    expect(error.issues).toEqual([
      { path: "priority", message: 'expected one of "low", "normal", "high", "urgent", received "asap"' },
    ])
  })
})

describe("assignment", () => {
  it("names an agent and a group", () => {
    const state = givenTicket(history.open)
      .when(command("AssignTicket", 10, { agentId: "a-1", groupId: "billing" }))
      .thenEmits([event("TicketAssigned", 10, { agentId: "a-1", groupId: "billing" })])
    expect(state).toMatchObject({ assignee: { agentId: "a-1", groupId: "billing" } })
  })

  it("replaces the whole assignment, so naming only a group drops the agent", () => {
    const assigned = [...history.open, event("TicketAssigned", 5, { agentId: "a-1", groupId: "billing" })]
    const state = givenTicket(assigned)
      .when(command("AssignTicket", 10, { groupId: "tech" }))
      .thenEmits([event("TicketAssigned", 10, { groupId: "tech" })])
    expect(state.exists && state.assignee).toEqual({ groupId: "tech" })
  })

  it("with neither agent nor group unassigns the ticket", () => {
    const assigned = [...history.open, event("TicketAssigned", 5, { agentId: "a-1" })]
    const state = givenTicket(assigned)
      .when(command("AssignTicket", 10, {}))
      .thenEmits([event("TicketAssigned", 10, {})])
    expect(state.exists && state.assignee).toEqual({})
  })

  it("that is already in place is a no-op", () => {
    const assigned = [...history.open, event("TicketAssigned", 5, { agentId: "a-1" })]
    givenTicket(assigned)
      .when(command("AssignTicket", 10, { agentId: "a-1" }))
      .thenEmits([])
  })

  it("rejects an empty agent id", () => {
    givenTicket(history.open)
      .when(command("AssignTicket", 10, { agentId: "" }))
      .thenFails("InvalidCommand", { issues: [{ path: "agentId", message: "must not be empty" }] })
  })
})

describe("merging", () => {
  it.each(["new", "open", "solved"] as const)("merges a %s ticket into another ticket", (status) => {
    const state = givenTicket(history[status])
      .when(command("MergeTicket", 10, { into: "T-0" }))
      .thenEmits([event("TicketMerged", 10, { into: "T-0" })])
    expect(state).toMatchObject({ mergedInto: "T-0", status })
  })

  it("refuses to merge a ticket into itself", () => {
    givenTicket(history.open)
      .when(command("MergeTicket", 10, { into: "T-1" }))
      .thenFails("MergeIntoSelf", { ticketId: "T-1" })
  })
})
