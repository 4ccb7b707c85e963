import { givenTicket } from "servicekit/testing"
import { isAllowedTransition, isReopen, type TicketStatus, ticketStatuses } from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { command, commandTypes, event, givenFieldDesk, history, oneOfEach } from "./fixtures.js"

const allowed: ReadonlyArray<readonly [TicketStatus, TicketStatus]> = [
  ["new", "open"],
  ["new", "pending"],
  ["new", "onHold"],
  ["open", "pending"],
  ["open", "onHold"],
  ["open", "solved"],
  ["pending", "open"],
  ["pending", "onHold"],
  ["pending", "solved"],
  ["onHold", "open"],
  ["onHold", "pending"],
  ["onHold", "solved"],
  ["solved", "closed"],
  ["solved", "new"],
  ["solved", "open"],
  ["solved", "pending"],
  ["solved", "onHold"],
]
const isListed = (from: TicketStatus, to: TicketStatus) => allowed.some(([f, t]) => f === from && t === to)
const forbidden = ticketStatuses
  .filter((from) => from !== "closed")
  .flatMap((from) => ticketStatuses.map((to) => [from, to] as const))
  .filter(([from, to]) => from !== to && !isListed(from, to))

describe("the status machine", () => {
  it.each(allowed)("moves a ticket from %s to %s", (from, to) => {
    givenTicket(history[from])
      .when(command("ChangeStatus", 10, { status: to }))
      .thenEmits([event("StatusChanged", 10, { status: to })])
    expect(isAllowedTransition(from, to)).toBe(true)
  })

  it.each(forbidden)("refuses to move a ticket from %s to %s", (from, to) => {
    const error = givenTicket(history[from])
      .when(command("ChangeStatus", 10, { status: to }))
      .thenFails("InvalidTransition", { ticketId: "T-1", from, to })
    expect(error.message).toContain(`"${from}" to "${to}"`)
    expect(isAllowedTransition(from, to)).toBe(false)
  })

  it.each(ticketStatuses.filter((s) => s !== "closed"))(
    "treats a change to the current status (%s) as a no-op",
    (status) => {
      givenTicket(history[status])
        .when(command("ChangeStatus", 10, { status }))
        .thenEmits([])
    },
  )

  it("counts a move from solved back to an active status as a reopen", () => {
    const state = givenTicket(history.solved)
      .when(command("ChangeStatus", 10, { status: "pending" }))
      .thenEmits([event("StatusChanged", 10, { status: "pending" })])
    expect(state).toMatchObject({ status: "pending", reopenCount: 1 })
    expect(isReopen("solved", "pending")).toBe(true)
    expect(isReopen("pending", "open")).toBe(false)
  })

  it("keeps closed final: no status leaves it", () => {
    for (const status of ticketStatuses.filter((s) => s !== "closed")) {
      expect(isAllowedTransition("closed", status)).toBe(false)
      givenTicket(history.closed)
        .when(command("ChangeStatus", 10, { status }))
        .thenFails("TicketClosed")
    }
  })
})

describe("closed tickets", () => {
  const stillAccepted = ["RecordSurveyAnswer", "RecordFollowUpSent"]

  it.each(commandTypes.filter((type) => type !== "OpenTicket" && !stillAccepted.includes(type)))(
    "refuse %s",
    (type) => {
      givenFieldDesk(history.closed).when(oneOfEach[type]).thenFails("TicketClosed", { command: type })
    },
  )

  it("still record survey answers and sent follow-ups, which arrive after closing", () => {
    givenTicket(history.closed)
      .when(oneOfEach.RecordSurveyAnswer)
      .thenEmits([event("SurveyAnswered", 10, { survey: "csat", score: 5 })])
    givenTicket(history.closed)
      .when(oneOfEach.RecordFollowUpSent)
      .thenEmits([event("FollowUpSent", 10, { taskId: "T-1/survey", kind: "survey" })])
  })
})

describe("merged tickets", () => {
  it.each(commandTypes.filter((type) => type !== "OpenTicket"))("refuse %s", (type) => {
    const error = givenFieldDesk(history.merged)
      .when(oneOfEach[type])
      .thenFails("TicketAlreadyMerged", { ticketId: "T-1", into: "T-0", command: type })
    expect(error.message).toContain("T-0")
  })
})
