import { givenTicket } from "servicekit/testing"
import { describe, expect, it } from "vitest"
import { at, command, event, history } from "./fixtures.js"

const made = [
  ...history.open,
  event("PromiseMade", 5, { promiseId: "p-1", dueAt: at(120), summary: "call back" }),
]

describe("promises", () => {
  it("are made with a due time and listed as open", () => {
    const state = givenTicket(history.open)
      .when(command("MakePromise", 10, { promiseId: "p-1", dueAt: at(70), summary: "call back at 9" }))
      .thenEmits([event("PromiseMade", 10, { promiseId: "p-1", dueAt: at(70), summary: "call back at 9" })])
    expect(state).toMatchObject({
      openPromises: [{ promiseId: "p-1", summary: "call back at 9", madeAt: at(10), dueAt: at(70) }],
      keptPromises: [],
    })
  })

  it.each([
    ["at the moment they are made", 10],
    ["before they are made", 9],
  ])("cannot fall due %s", (_, dueMinute) => {
    givenTicket(history.open)
      .when(command("MakePromise", 10, { promiseId: "p-1", dueAt: at(dueMinute), summary: "call back" }))
      .thenFails("PromiseDueTooEarly", { promiseId: "p-1", dueAt: at(dueMinute), madeAt: at(10) })
  })

  it("need a summary of what was promised", () => {
    givenTicket(history.open)
      .when(command("MakePromise", 10, { promiseId: "p-1", dueAt: at(70), summary: "" }))
      .thenFails("InvalidCommand", { issues: [{ path: "summary", message: "must not be empty" }] })
  })

  it("cannot reuse the id of an open promise", () => {
    givenTicket(made)
      .when(command("MakePromise", 10, { promiseId: "p-1", dueAt: at(70), summary: "again" }))
      .thenFails("DuplicatePromise", { ticketId: "T-1", promiseId: "p-1" })
  })

  it("cannot reuse the id of a kept promise", () => {
    givenTicket([...made, event("PromiseKept", 6, { promiseId: "p-1" })])
      .when(command("MakePromise", 10, { promiseId: "p-1", dueAt: at(70), summary: "again" }))
      .thenFails("DuplicatePromise")
  })

  it("are kept: moved from open to kept with the time they were kept", () => {
    const state = givenTicket(made)
      .when(command("KeepPromise", 10, { promiseId: "p-1" }))
      .thenEmits([event("PromiseKept", 10, { promiseId: "p-1" })])
    expect(state).toMatchObject({
      openPromises: [],
      keptPromises: [
        { promiseId: "p-1", summary: "call back", madeAt: at(5), dueAt: at(120), keptAt: at(10) },
      ],
    })
  })

  it("that were never made cannot be kept", () => {
    givenTicket(made)
      .when(command("KeepPromise", 10, { promiseId: "p-9" }))
      .thenFails("UnknownPromise", { ticketId: "T-1", promiseId: "p-9" })
  })

  it("cannot be kept twice", () => {
    givenTicket([...made, event("PromiseKept", 6, { promiseId: "p-1" })])
      .when(command("KeepPromise", 10, { promiseId: "p-1" }))
      .thenFails("PromiseAlreadyKept", { promiseId: "p-1", keptAt: at(6) })
  })
})
