import { readFileSync } from "node:fs"
import * as Result from "effect/Result"
import fc from "fast-check"
import {
  decide,
  decodeCommand,
  decodeEvent,
  initialState,
  type TicketCommand,
  TicketCommandSchema,
  TicketEventSchema,
} from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { arbitraryEvent } from "./arbitraries.js"
import { at } from "./fixtures.js"

const failure = <E>(result: Result.Result<unknown, E>): E => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}

const openJson = {
  type: "OpenTicket",
  ticketId: "T-1",
  at: "2025-06-03T08:00:00Z",
  channel: "email",
  priority: "normal",
  requester: { id: "c-1", timeZone: "Europe/Rome" },
}

/** JSON as it would come over the wire: Dates as ISO strings. */
const toJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe("decoding commands", () => {
  it("turns ISO-8601 strings into Dates, nested ones included", () => {
    const result = decodeCommand({
      type: "MakePromise",
      ticketId: "T-1",
      at: "2025-06-03T08:10:00Z",
      promiseId: "p-1",
      dueAt: "2025-06-03T10:10:00+02:00",
      summary: "call back",
    })
    expect(Result.getOrThrow(result)).toEqual({
      type: "MakePromise",
      ticketId: "T-1",
      at: at(10),
      promiseId: "p-1",
      dueAt: at(10),
      summary: "call back",
    })
  })

  it("also accepts Date objects and epoch milliseconds", () => {
    const fromDate = Result.getOrThrow(decodeCommand({ ...openJson, at: at(0) }))
    const fromEpoch = Result.getOrThrow(decodeCommand({ ...openJson, at: at(0).getTime() }))
    expect(fromDate.at).toEqual(at(0))
    expect(fromEpoch.at).toEqual(at(0))
  })

  it("rejects unknown keys, naming each one by its path", () => {
    const error = failure(
      decodeCommand({ ...openJson, urgent: true, requester: { id: "c-1", email: "a@b.c" } }),
    )
    expect(error._tag).toBe("InvalidCommand")
    expect(error.issues).toEqual([
      { path: "requester.email", message: "unknown key" },
      { path: "urgent", message: "unknown key" },
    ])
    expect(error.message).toContain("requester.email: unknown key")
  })

  it("names a missing nested field by its path", () => {
    const error = failure(decodeCommand({ ...openJson, requester: {} }))
    expect(error.issues).toEqual([{ path: "requester.id", message: "is required (expected string)" }])
    expect(error.message).toContain("requester.id")
  })

  it("names every bad field of a malformed command", () => {
    const error = failure(
      decodeCommand({ type: "OpenTicket", ticketId: "T-1", at: "2025-06-03T08:00:00Z", channel: "fax" }),
    )
    expect(error.issues.map((i) => i.path)).toEqual(["channel", "priority", "requester"])
    expect(error.issues[0]?.message).toBe(
      'expected one of "email", "chat", "phone", "social", "web", received "fax"',
    )
  })

  it("rejects a date that is not an ISO-8601 instant", () => {
    const error = failure(decodeCommand({ ...openJson, at: "03/06/2025" }))
    expect(error.issues).toEqual([
      {
        path: "at",
        message: "expected an ISO-8601 date-time (e.g. 2025-06-03T08:00:00Z), epoch milliseconds or a Date",
      },
    ])
    expect(failure(decodeCommand({ ...openJson, at: new Date("nope") })).issues[0]?.path).toBe("at")
  })

  it("rejects a time zone that is not an IANA name", () => {
    const error = failure(decodeCommand({ ...openJson, requester: { id: "c-1", timeZone: "Mars/Olympus" } }))
    expect(error.issues).toEqual([
      { path: "requester.timeZone", message: "expected an IANA time zone such as Europe/Rome" },
    ])
  })

  it("names array items by index", () => {
    const error = failure(decodeCommand({ ...openJson, tags: ["ok", ""] }))
    expect(error.issues).toEqual([{ path: "tags[1]", message: "must not be empty" }])
  })

  it("rejects an unknown command type at the type field", () => {
    const error = failure(
      decodeCommand({ type: "DeleteTicket", ticketId: "T-1", at: "2025-06-03T08:00:00Z" }),
    )
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path).toBe("type")
    expect(error.issues[0]?.message).toMatch(/^expected one of "OpenTicket", .*received "DeleteTicket"$/)
  })

  it("rejects a value that is not an object at the root", () => {
    const error = failure(decodeCommand("OpenTicket"))
    expect(error.issues).toEqual([{ path: "", message: 'expected object, received "OpenTicket"' }])
    expect(error.message).toContain("(root)")
  })

  it("is what decide runs first, so plain-JS callers get InvalidCommand rather than a crash", () => {
    const error = failure(decide(initialState, { ...openJson, at: "yesterday" } as unknown as TicketCommand))
    expect(error._tag).toBe("InvalidCommand")
  })
})

/** The histories of the shared SLA scenarios (test/fixtures/scenarios/sla.json), as JSON. */
const sharedHistories: ReadonlyArray<{
  readonly name: string
  readonly events: ReadonlyArray<Record<string, unknown>>
}> = JSON.parse(readFileSync(new URL("../fixtures/scenarios/sla.json", import.meta.url), "utf8"))

describe("decoding events", () => {
  it("reads the events of the shared scenarios", () => {
    const event = Result.getOrThrow(
      decodeEvent({
        type: "TicketOpened",
        ticketId: "T-1",
        channel: "email",
        priority: "normal",
        requester: { id: "c-1" },
        openedBy: "agent",
        at: "2025-06-03T08:00:00Z",
      }),
    )
    expect(event).toEqual({
      type: "TicketOpened",
      ticketId: "T-1",
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
      openedBy: "agent",
      at: at(0),
    })
  })

  it.each(sharedHistories.map((s) => [s.name, s] as const))(
    "decodes every event of the shared SLA scenario %s, instants as Dates",
    (_name, scenario) => {
      expect(scenario.events.length).toBeGreaterThan(0)
      for (const raw of scenario.events) {
        const expected: Record<string, unknown> = { ...raw, at: new Date(raw.at as string) }
        if (typeof raw.dueAt === "string") expected.dueAt = new Date(raw.dueAt)
        expect(Result.getOrThrow(decodeEvent(raw))).toEqual(expected)
      }
    },
  )

  it("rejects unknown keys and names bad fields", () => {
    const error = failure(
      decodeEvent({ type: "AgentReplied", ticketId: "T-1", at: "2025-06-03T08:00:00Z", agent: "a-1" }),
    )
    expect(error._tag).toBe("InvalidEvent")
    expect(error.issues).toEqual([
      { path: "agentId", message: "is required (expected string)" },
      { path: "agent", message: "unknown key" },
    ])
    expect(error.message).toMatch(/^Invalid ticket event: agentId: is required/)
  })

  it("turns a nested due time into a Date", () => {
    const event = Result.getOrThrow(
      decodeEvent({
        type: "PromiseMade",
        ticketId: "T-1",
        at: "2025-06-03T08:00:00Z",
        promiseId: "p",
        dueAt: "2025-06-03T09:00:00Z",
        summary: "s",
      }),
    )
    expect(event.type === "PromiseMade" && event.dueAt).toEqual(at(60))
  })

  it("round-trips every event through JSON", () => {
    fc.assert(
      fc.property(arbitraryEvent, (event) => {
        expect(Result.getOrThrow(decodeEvent(toJson(event)))).toEqual(event)
      }),
    )
  })

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), arbitraryEvent.map(toJson)), (input) => {
        const event = decodeEvent(input)
        const command = decodeCommand(input)
        if (Result.isFailure(event)) expect(event.failure.issues.length).toBeGreaterThan(0)
        if (Result.isFailure(command)) expect(command.failure.issues.length).toBeGreaterThan(0)
      }),
    )
  })
})

describe("the exported schemas", () => {
  it("parse with zod directly, for apps validating at their own edge", () => {
    expect(
      TicketEventSchema.safeParse({ type: "CustomerChased", ticketId: "T-1", at: "2025-06-03T08:00:00Z" })
        .success,
    ).toBe(true)
    expect(TicketCommandSchema.safeParse({ ...openJson, extra: 1 }).success).toBe(false)
  })
})
