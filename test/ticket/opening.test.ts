import * as Result from "effect/Result"
import { givenTicket } from "servicekit/testing"
import { decide, initialState } from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { at, command, commandTypes, event, givenFieldDesk, history, oneOfEach, opened } from "./fixtures.js"

describe("opening a ticket", () => {
  it("records the channel, priority, requester, subject, tags and who opened it", () => {
    givenTicket()
      .when(
        command("OpenTicket", 0, {
          channel: "phone",
          priority: "high",
          requester: { id: "c-1", name: "Ada", timeZone: "Europe/Rome", tier: "gold" },
          subject: "Refund",
          tags: ["billing", "vip"],
          openedBy: "agent",
        }),
      )
      .thenEmits([
        event("TicketOpened", 0, {
          channel: "phone",
          priority: "high",
          requester: { id: "c-1", name: "Ada", timeZone: "Europe/Rome", tier: "gold" },
          subject: "Refund",
          tags: ["billing", "vip"],
          openedBy: "agent",
        }),
      ])
  })

  it("starts as a new ticket, opened by the customer unless told otherwise", () => {
    const state = givenTicket()
      .when(command("OpenTicket", 0, opened))
      .thenEmits([opened])
    expect(state).toMatchObject({
      exists: true,
      id: "T-1",
      status: "new",
      priority: "normal",
      channel: "email",
      openedBy: "customer",
      openedAt: at(0),
      lastEventAt: at(0),
      tags: [],
      assignee: {},
      version: 1,
    })
  })

  it("leaves optional fields out of the event when the command leaves them out", () => {
    const open = command("OpenTicket", 0, { channel: "web", priority: "low", requester: { id: "c-1" } })
    givenTicket()
      .when(open)
      .thenEmits([
        {
          type: "TicketOpened",
          ticketId: "T-1",
          at: at(0),
          channel: "web",
          priority: "low",
          requester: { id: "c-1" },
        },
      ])
    const [event] = Result.getOrThrow(decide(initialState, open))
    expect(Object.keys(event ?? {}).sort()).toEqual([
      "at",
      "channel",
      "priority",
      "requester",
      "ticketId",
      "type",
    ])
  })

  it("never reuses a ticket id", () => {
    givenTicket(history.open).when(oneOfEach.OpenTicket).thenFails("TicketAlreadyExists", { ticketId: "T-1" })
  })

  it.each(commandTypes.filter((type) => type !== "OpenTicket"))(
    "rejects %s on a ticket that was never opened",
    (type) => {
      const error = givenFieldDesk([])
        .when(oneOfEach[type])
        .thenFails("TicketNotFound", { ticketId: "T-1", command: type })
      expect(error.message).toContain("OpenTicket")
    },
  )

  it("rejects a command addressed to another ticket than the state's", () => {
    givenTicket(history.open)
      .when({ ...oneOfEach.ReplyToCustomer, ticketId: "T-2" })
      .thenFails("TicketIdMismatch", { expected: "T-1", received: "T-2" })
  })
})
