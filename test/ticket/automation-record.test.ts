import * as Result from "effect/Result"
import { givenTicket } from "servicekit/testing"
import {
  decodeCommand,
  decodeEvent,
  evolve,
  InvalidEvent,
  replay,
  TicketCommandSchema,
  TicketEventSchema,
  type TicketState,
} from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { at, command, event, history } from "./fixtures.js"

const firing = { firingId: "T-1/escalate-vip/1", ruleId: "escalate-vip" }

const failure = <E>(result: Result.Result<unknown, E>): E => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}

/** JSON as it would come over the wire: Dates as ISO strings. */
const toJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe("recording an automation firing", () => {
  it.each(["new", "open", "pending", "onHold", "solved"] as const)(
    "emits AutomationApplied on a %s ticket",
    (status) => {
      givenTicket(history[status])
        .when(command("RecordAutomation", 10, firing))
        .thenEmits([event("AutomationApplied", 10, firing)])
    },
  )

  it("emits it again for a firing recorded before: the desk's key, not the ticket, deduplicates", () => {
    givenTicket([...history.open, event("AutomationApplied", 5, firing)])
      .when(command("RecordAutomation", 10, firing))
      .thenEmits([event("AutomationApplied", 10, firing)])
  })

  it("is refused on a closed ticket, unlike a sent follow-up", () => {
    givenTicket(history.closed)
      .when(command("RecordAutomation", 10, firing))
      .thenFails("TicketClosed", { ticketId: "T-1", command: "RecordAutomation" })
  })

  it("is refused on a merged ticket", () => {
    givenTicket(history.merged)
      .when(command("RecordAutomation", 10, firing))
      .thenFails("TicketAlreadyMerged", { ticketId: "T-1", into: "T-0", command: "RecordAutomation" })
  })

  it("is refused with an empty rule id, naming the field", () => {
    const error = givenTicket(history.open)
      .when(command("RecordAutomation", 10, { ...firing, ruleId: "" }))
      .thenFails("InvalidCommand")
    expect(error.issues).toEqual([{ path: "ruleId", message: "must not be empty" }])
  })
})

describe("applying AutomationApplied", () => {
  it.each(["open", "solved", "closed", "merged"] as const)(
    "leaves a %s ticket's state as it was, but for its version and last event time",
    (status) => {
      const before = replay(history[status])
      const after = evolve(before, event("AutomationApplied", 10, firing))
      expect(after).toEqual({ ...before, version: before.version + 1, lastEventAt: at(10) })
    },
  )

  it("keeps a ticket that does not exist yet absent", () => {
    const after = evolve(replay([]), event("AutomationApplied", 10, firing))
    expect(after).toEqual({ exists: false, version: 1 } satisfies TicketState)
  })

  it("is refused by evolve when malformed, naming the field", () => {
    const state = replay(history.open)
    for (const [bad, path] of [
      [{ ...firing, firingId: "" }, "event.firingId"],
      [{ firingId: firing.firingId }, "event.ruleId"],
    ] as const) {
      try {
        evolve(state, event("AutomationApplied", 10, bad as typeof firing))
        expect.unreachable("evolve accepted a malformed AutomationApplied")
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidEvent)
        expect((e as InvalidEvent).issues.map((i) => i.path)).toEqual([path])
      }
    }
  })
})

describe("decoding automation firings", () => {
  const eventJson = toJson(event("AutomationApplied", 10, firing))
  const commandJson = toJson(command("RecordAutomation", 10, firing))

  it("round-trips the event and the command through JSON", () => {
    const decodedEvent = Result.getOrThrow(decodeEvent(eventJson))
    expect(decodedEvent).toEqual(event("AutomationApplied", 10, firing))
    expect(Result.getOrThrow(decodeEvent(toJson(decodedEvent)))).toEqual(decodedEvent)
    const decodedCommand = Result.getOrThrow(decodeCommand(commandJson))
    expect(decodedCommand).toEqual(command("RecordAutomation", 10, firing))
    expect(Result.getOrThrow(decodeCommand(toJson(decodedCommand)))).toEqual(decodedCommand)
    expect(TicketEventSchema.parse(eventJson)).toEqual(decodedEvent)
    expect(TicketCommandSchema.parse(commandJson)).toEqual(decodedCommand)
  })

  it.each([
    ["missing", undefined, "is required (expected string)"],
    ["empty", "", "must not be empty"],
  ] as const)("refuses a %s firingId, naming the field", (_, firingId, message) => {
    const issues = [{ path: "firingId", message }]
    expect(failure(decodeEvent({ ...(eventJson as object), firingId })).issues).toEqual(issues)
    expect(failure(decodeCommand({ ...(commandJson as object), firingId })).issues).toEqual(issues)
  })

  it("refuses unknown keys", () => {
    expect(failure(decodeCommand({ ...(commandJson as object), taskId: "x" })).issues).toEqual([
      { path: "taskId", message: "unknown key" },
    ])
  })
})
