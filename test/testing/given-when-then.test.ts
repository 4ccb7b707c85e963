import * as Result from "effect/Result"
import { type Decider, given, givenTicket, SpecFailure } from "servicekit/testing"
import type { TicketEvent } from "servicekit/ticket"
import { describe, expect, it } from "vitest"

const t = (minutes: number) => new Date(Date.UTC(2025, 5, 3, 8, minutes))
const opened: TicketEvent = {
  type: "TicketOpened",
  ticketId: "T-1",
  at: t(0),
  channel: "email",
  priority: "normal",
  requester: { id: "c-1" },
}
const reply = { type: "ReplyToCustomer", ticketId: "T-1", at: t(5), agentId: "a-1" } as const
const replied = { type: "AgentReplied", ticketId: "T-1", at: t(5), agentId: "a-1" } as const

/** The SpecFailure a spec throws, so its message can be read. */
const failureOf = (spec: () => unknown): SpecFailure => {
  try {
    spec()
  } catch (error) {
    if (error instanceof SpecFailure) return error
    throw error
  }
  throw new Error("expected the spec to fail")
}

describe("givenTicket … thenEmits", () => {
  it("passes when the command yields exactly the expected events, and returns the next state", () => {
    const state = givenTicket([opened]).when(reply).thenEmits([replied])
    expect(state).toMatchObject({ exists: true, publicReplyCount: 1, version: 2 })
  })

  it("starts from no ticket when given no history", () => {
    expect(givenTicket().state).toEqual({ exists: false, version: 0 })
  })

  it("reports which field of which event differs", () => {
    const failure = failureOf(() =>
      givenTicket([opened])
        .when(reply)
        .thenEmits([{ ...replied, agentId: "a-2" }]),
    )
    expect(failure.name).toBe("SpecFailure")
    expect(failure.message).toContain('[0].agentId: expected "a-2", received "a-1"')
  })

  it("shows instants as ISO dates in the diff", () => {
    const failure = failureOf(() =>
      givenTicket([opened])
        .when(reply)
        .thenEmits([{ ...replied, at: t(6) }]),
    )
    expect(failure.message).toContain(
      "[0].at: expected 2025-06-03T08:06:00.000Z, received 2025-06-03T08:05:00.000Z",
    )
  })

  it("reports missing and unexpected events", () => {
    const missing = failureOf(() => givenTicket([opened]).when(reply).thenEmits([replied, replied]))
    expect(missing.message).toContain("[1]: expected")
    expect(missing.message).toContain("received nothing")
    const extra = failureOf(() => givenTicket([opened]).when(reply).thenEmits([]))
    expect(extra.message).toContain("[0]: not expected, received")
  })

  it("reports the error when the command was refused", () => {
    const failure = failureOf(() => givenTicket([]).when(reply).thenEmits([replied]))
    expect(failure.message).toContain("but decide failed with TicketNotFound: ReplyToCustomer rejected")
  })
})

describe("givenTicket … thenFails", () => {
  it("passes on the expected tag and fields, and returns the typed error", () => {
    const error = givenTicket([])
      .when(reply)
      .thenFails("TicketNotFound", { ticketId: "T-1", command: "ReplyToCustomer" })
    expect(error.command).toBe("ReplyToCustomer")
  })

  it("reports a different error", () => {
    const failure = failureOf(() => givenTicket([]).when(reply).thenFails("TicketClosed"))
    expect(failure.message).toContain(
      "expected it to fail with TicketClosed, but it failed with TicketNotFound",
    )
  })

  it("reports a command that succeeded", () => {
    const failure = failureOf(() => givenTicket([opened]).when(reply).thenFails("TicketClosed"))
    expect(failure.message).toContain("expected it to fail with TicketClosed, but it emitted:")
    expect(failure.message).toContain('"agentId": "a-1"')
  })

  it("reports differing error fields", () => {
    const failure = failureOf(() =>
      givenTicket([]).when(reply).thenFails("TicketNotFound", { ticketId: "T-2" }),
    )
    expect(failure.message).toContain(
      'TicketNotFound fields differ:\n  ticketId: expected "T-2", received "T-1"',
    )
  })
})

describe("given, for any decider", () => {
  type Command = { readonly type: "Add"; readonly n: number }
  type Event = { readonly type: "Added"; readonly n: number }
  type Failure = { readonly _tag: "Negative"; readonly n: number }
  const counter: Decider<number, Command, Event, Failure> = {
    initialState: 0,
    decide: (_, c) =>
      c.n < 0 ? Result.fail({ _tag: "Negative", n: c.n }) : Result.succeed([{ type: "Added", n: c.n }]),
    evolve: (total, e) => total + e.n,
  }

  it("folds the history, decides, and folds the new events", () => {
    const spec = given(counter, [{ type: "Added", n: 2 }])
    expect(spec.state).toBe(2)
    expect(spec.when({ type: "Add", n: 3 }).thenEmits([{ type: "Added", n: 3 }])).toBe(5)
    expect(spec.when({ type: "Add", n: -1 }).thenFails("Negative", { n: -1 })).toEqual({
      _tag: "Negative",
      n: -1,
    })
  })

  it("works without a test runner: failures are plain Errors", () => {
    const failure = failureOf(() =>
      given(counter, [])
        .when({ type: "Add", n: 1 })
        .thenEmits([{ type: "Added", n: 2 }]),
    )
    expect(failure).toBeInstanceOf(Error)
    expect(failure.message).toContain("[0].n: expected 2, received 1")
  })
})
