// Ticket data that changes during a ticket's life: tags, custom fields, the requester and custom
// statuses, checked against the desk vocabulary that declares the fields and statuses.
import * as Result from "effect/Result"
import { given, givenTicket } from "servicekit/testing"
import {
  decide,
  decider,
  decodeCommand,
  decodeEvent,
  type FieldValue,
  initialState,
  type OpenedTicket,
  type OpenTicket,
  replay,
  type TicketEvent,
  type TicketState,
  vocabulary,
} from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { at, command, event, history, opened } from "./fixtures.js"

/** The built-in channels and priorities, plus custom statuses and one field of each kind. */
const desk = vocabulary({
  statuses: {
    awaitingVendor: "onHold",
    awaitingParts: "onHold",
    inProgress: "open",
    awaitingDocuments: "pending",
    resolvedByBot: "solved",
  },
  fields: { plan: "string", seats: "number", trial: "boolean", renewalDate: "date", components: "strings" },
})
const givenDesk = (events: ReadonlyArray<TicketEvent>) => given(decider(desk), events)

const ticket = (state: TicketState): OpenedTicket => {
  if (!state.exists) throw new Error("expected an opened ticket")
  return state
}

/** The paths of a refusal's issues (an InvalidCommand, InvalidEvent …), or what else happened. */
const pathsOf = (result: Result.Result<unknown, { readonly _tag: string }>): ReadonlyArray<string> => {
  if (Result.isSuccess(result)) return ["(succeeded)"]
  const { issues } = result.failure as { readonly issues?: ReadonlyArray<{ readonly path: string }> }
  return issues?.map((i) => i.path) ?? [`(${result.failure._tag})`]
}

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** An email ticket opened at minute 0, with `extra` (fields, tags …). */
const oneOpen = (extra: Partial<OpenTicket>): OpenTicket => ({
  ...command("OpenTicket", 0, { channel: "email", priority: "normal", requester: { id: "c-1" } }),
  ...extra,
})

describe("tags", () => {
  const tagged = [{ ...opened, tags: ["billing"] }]

  it("adding tags emits only the ones the ticket lacks, once each, in the order given", () => {
    const state = givenTicket(tagged)
      .when(command("AddTags", 10, { tags: ["vip", "billing", "vip", "refund"] }))
      .thenEmits([event("TagsAdded", 10, { tags: ["vip", "refund"] })])
    expect(state.tags).toEqual(["billing", "vip", "refund"])
  })

  it("adding tags the ticket already has is a no-op", () => {
    givenTicket(tagged)
      .when(command("AddTags", 10, { tags: ["billing", "billing"] }))
      .thenEmits([])
  })

  it("removing tags emits only the ones the ticket has, and keeps the others in order", () => {
    const state = givenTicket([{ ...opened, tags: ["billing", "vip", "refund"] }])
      .when(command("RemoveTags", 10, { tags: ["vip", "spam", "vip"] }))
      .thenEmits([event("TagsRemoved", 10, { tags: ["vip"] })])
    expect(state.tags).toEqual(["billing", "refund"])
  })

  it("removing tags the ticket does not have is a no-op", () => {
    givenTicket(tagged)
      .when(command("RemoveTags", 10, { tags: ["spam"] }))
      .thenEmits([])
  })

  it("keeps each tag once when a stored history repeats it", () => {
    const state = ticket(
      replay([
        { ...opened, tags: ["vip", "vip"] },
        event("TagsAdded", 1, { tags: ["vip", "billing", "billing"] }),
      ]),
    )
    expect(state.tags).toEqual(["vip", "billing"])
    expect(
      ticket(replay([{ ...opened, tags: ["vip", "vip"] }, event("TagsRemoved", 1, { tags: ["vip"] })])).tags,
    ).toEqual([])
  })

  it("refuses an empty tag list or an empty tag, naming it", () => {
    expect(pathsOf(decide(replay(history.open), command("AddTags", 10, { tags: [] })))).toEqual(["tags"])
    expect(pathsOf(decide(replay(history.open), command("RemoveTags", 10, { tags: ["vip", ""] })))).toEqual([
      "tags[1]",
    ])
  })
})

/** A copy that is equal but not the same object, so that "same value" cannot mean "same reference". */
const copyOf = (value: FieldValue): FieldValue =>
  value instanceof Date ? new Date(value.getTime()) : typeof value === "object" ? [...value] : value

describe("custom fields", () => {
  const kinds: ReadonlyArray<readonly [field: string, kind: string, value: FieldValue, other: FieldValue]> = [
    ["plan", "string", "enterprise", "team"],
    ["seats", "number", 250, 300],
    ["trial", "boolean", true, false],
    ["renewalDate", "date", new Date("2026-01-31T00:00:00Z"), new Date("2026-02-28T00:00:00Z")],
    ["components", "strings", ["billing", "api"], ["billing", "api", "sso"]],
  ]

  it.each(kinds)("sets, changes and clears the %s field (%s)", (field, _kind, value, other) => {
    const set = givenDesk(history.open)
      .when(command("SetField", 10, { field, value }))
      .thenEmits([event("FieldSet", 10, { field, value })])
    expect(set.fields).toEqual({ [field]: value })
    const withValue = [...history.open, event("FieldSet", 10, { field, value })]
    givenDesk(withValue)
      .when(command("SetField", 11, { field, value: copyOf(value) }))
      .thenEmits([])
    const changed = givenDesk(withValue)
      .when(command("SetField", 11, { field, value: other }))
      .thenEmits([event("FieldSet", 11, { field, value: other })])
    expect(changed.fields).toEqual({ [field]: other })
    const cleared = givenDesk(withValue)
      .when(command("ClearField", 11, { field }))
      .thenEmits([event("FieldCleared", 11, { field })])
    expect("fields" in ticket(cleared)).toBe(false)
  })

  it("clearing one field keeps the others, in an object with no prototype", () => {
    const state = givenDesk([
      ...history.open,
      event("FieldSet", 4, { field: "plan", value: "team" }),
      event("FieldSet", 5, { field: "seats", value: 12 }),
    ])
      .when(command("ClearField", 10, { field: "plan" }))
      .thenEmits([event("FieldCleared", 10, { field: "plan" })])
    expect(state.fields).toEqual({ seats: 12 })
    expect(Object.getPrototypeOf(state.fields)).toBeNull()
  })

  it("clearing a field with no value is a no-op", () => {
    givenDesk(history.open)
      .when(command("ClearField", 10, { field: "plan" }))
      .thenEmits([])
  })

  it("opens a ticket with fields, which the state holds from the start", () => {
    const fields = { plan: "team", renewalDate: at(60 * 24 * 90), components: ["api"] }
    const state = givenDesk([])
      .when(command("OpenTicket", 0, { channel: "chat", priority: "low", requester: { id: "c-1" }, fields }))
      .thenEmits([
        event("TicketOpened", 0, { channel: "chat", priority: "low", requester: { id: "c-1" }, fields }),
      ])
    expect(state.fields).toEqual(fields)
    const withoutFields = ticket(
      replay([{ ...opened, fields: {} }, event("FieldCleared", 1, { field: "plan" })], desk),
    )
    expect("fields" in withoutFields).toBe(false)
  })

  it("refuses a field the vocabulary does not declare, naming where", () => {
    const setColor = givenDesk(history.open)
      .when(command("SetField", 10, { field: "color", value: "red" }))
      .thenFails("InvalidCommand")
    expect(setColor.issues.map((i) => i.path)).toEqual(["field"])
    expect(setColor.message).toContain("plan")
    const clearColor = givenDesk(history.open)
      .when(command("ClearField", 10, { field: "color" }))
      .thenFails("InvalidCommand")
    expect(clearColor.issues.map((i) => i.path)).toEqual(["field"])
    const openWithColor = givenDesk([])
      .when(oneOpen({ fields: { plan: "team", color: "red" } }))
      .thenFails("InvalidCommand")
    expect(openWithColor.issues.map((i) => i.path)).toEqual(["fields.color"])
  })

  // Known bug (src/ticket/schema.ts, `fields: z.record(fieldName, fieldValue)`): zod skips a
  // "__proto__" key of a record, so the command succeeds with the field silently dropped instead
  // of being refused like every other undeclared field. Drop `.fails` once it is refused.
  it("refuses a field named __proto__ in JSON, which no vocabulary can declare", () => {
    const input = JSON.parse(
      JSON.stringify(oneOpen({ fields: { plan: "team" } })).replace('"plan"', '"__proto__"'),
    )
    expect(Object.keys(input.fields)).toEqual(["__proto__"])
    expect(pathsOf(decodeCommand(input, desk))).toEqual(["fields.__proto__"])
  })

  it("refuses every field without a vocabulary, which declares none", () => {
    const error = givenTicket(history.open)
      .when(command("SetField", 10, { field: "plan", value: "team" }))
      .thenFails("InvalidCommand")
    expect(error.issues).toEqual([
      { path: "field", message: "is not a field the desk vocabulary declares (it declares none)" },
    ])
  })

  it.each([
    ["seats", "ten"],
    ["trial", "yes"],
    ["plan", 5],
    ["components", "api"],
    ["renewalDate", "next week"],
    ["renewalDate", Date.UTC(2026, 0, 31)],
    ["seats", ["1"]],
  ] as const)("refuses a value of the wrong kind for %s (%j)", (field, value) => {
    const error = givenDesk(history.open)
      .when(command("SetField", 10, { field, value }))
      .thenFails("InvalidCommand")
    expect(error.issues.map((i) => i.path)).toEqual(["value"])
  })

  it("refuses a value of the wrong kind at opening, naming the field", () => {
    const error = givenDesk([])
      .when(oneOpen({ fields: { seats: "ten" } }))
      .thenFails("InvalidCommand")
    expect(error.issues.map((i) => i.path)).toEqual(["fields.seats"])
  })
})

describe("date fields in JSON", () => {
  const renewal = new Date("2026-01-31T00:00:00Z")

  it("decodes a command's ISO-8601 string to a Date, by the declared kind", () => {
    const set = decodeCommand(
      {
        type: "SetField",
        ticketId: "T-1",
        at: "2025-06-03T08:10:00Z",
        field: "renewalDate",
        value: "2026-01-31T01:00:00+01:00",
      },
      desk,
    )
    expect(Result.getOrThrow(set)).toEqual(command("SetField", 10, { field: "renewalDate", value: renewal }))
    const open = decodeCommand(
      json(oneOpen({ fields: { renewalDate: renewal, plan: "2026-01-31T00:00:00Z" } })),
      desk,
    )
    expect(Result.isSuccess(open) && open.success.type === "OpenTicket" && open.success.fields).toEqual({
      renewalDate: renewal,
      plan: "2026-01-31T00:00:00Z",
    })
  })

  it("decodes an event's ISO-8601 string to a Date, by the declared kind", () => {
    const set = decodeEvent(json(event("FieldSet", 10, { field: "renewalDate", value: renewal })), desk)
    expect(Result.getOrThrow(set)).toEqual(event("FieldSet", 10, { field: "renewalDate", value: renewal }))
    const openedWith = decodeEvent(json({ ...opened, fields: { renewalDate: renewal, seats: 3 } }), desk)
    expect(
      Result.isSuccess(openedWith) && openedWith.success.type === "TicketOpened" && openedWith.success.fields,
    ).toEqual({ renewalDate: renewal, seats: 3 })
  })

  it("needs a date-time with an offset, not a bare date", () => {
    const bare = {
      type: "SetField",
      ticketId: "T-1",
      at: "2025-06-03T08:10:00Z",
      field: "renewalDate",
      value: "2026-01-31",
    }
    expect(pathsOf(decodeCommand(bare, desk))).toEqual(["value"])
    expect(pathsOf(decodeEvent({ ...bare, type: "FieldSet" }, desk))).toEqual(["value"])
    expect(pathsOf(decodeEvent(json({ ...opened, fields: { renewalDate: "2026-01-31" } }), desk))).toEqual([
      "fields.renewalDate",
    ])
  })

  it("keeps the stored value of a field the vocabulary does not declare (any more), so history keeps its meaning", () => {
    const stored = json([
      opened,
      event("FieldSet", 1, { field: "legacyCode", value: "2026-01-31T00:00:00.000Z" }),
    ])
    const events = (stored as ReadonlyArray<unknown>).map((e) => Result.getOrThrow(decodeEvent(e, desk)))
    expect(ticket(replay(events, desk)).fields).toEqual({ legacyCode: "2026-01-31T00:00:00.000Z" })
    const withoutVocabulary = Result.getOrThrow(
      decodeEvent(json(event("FieldSet", 1, { field: "renewalDate", value: renewal }))),
    )
    expect(withoutVocabulary.type === "FieldSet" && withoutVocabulary.value).toBe("2026-01-31T00:00:00.000Z")
  })
})

describe("the requester", () => {
  it("changes tier and organization mid-ticket, replaced as a whole", () => {
    const requester = { id: "c-1", name: "Ada", tier: "gold", organization: "Acme" }
    const state = givenTicket(history.open)
      .when(command("ChangeRequester", 10, { requester }))
      .thenEmits([event("RequesterChanged", 10, { requester })])
    expect(state.requester).toEqual(requester)
  })

  it("set to the requester as it is is a no-op", () => {
    givenTicket(history.open)
      .when(command("ChangeRequester", 10, { requester: { ...opened.requester } }))
      .thenEmits([])
  })

  it("refuses an unknown time zone, naming it", () => {
    const error = givenTicket(history.open)
      .when(command("ChangeRequester", 10, { requester: { id: "c-1", timeZone: "Mars/Olympus" } }))
      .thenFails("InvalidCommand")
    expect(error.issues.map((i) => i.path)).toEqual(["requester.timeZone"])
  })
})

describe("custom statuses", () => {
  const onHoldWith = (customStatus: string) => [
    ...history.open,
    event("StatusChanged", 4, { status: "onHold", customStatus }),
  ]

  it("are reached by name alone: the vocabulary gives the category", () => {
    const state = givenDesk(history.open)
      .when(command("ChangeStatus", 10, { customStatus: "awaitingVendor" }))
      .thenEmits([event("StatusChanged", 10, { status: "onHold", customStatus: "awaitingVendor" })])
    expect(state).toMatchObject({ status: "onHold", customStatus: "awaitingVendor" })
    givenDesk(history.open)
      .when(command("ChangeStatus", 10, { status: "onHold", customStatus: "awaitingVendor" }))
      .thenEmits([event("StatusChanged", 10, { status: "onHold", customStatus: "awaitingVendor" })])
  })

  it("refuse a status category that is not the custom status's own", () => {
    const error = givenDesk(history.open)
      .when(command("ChangeStatus", 10, { status: "pending", customStatus: "awaitingVendor" }))
      .thenFails("InvalidCommand")
    expect(error.issues.map((i) => i.path)).toEqual(["status"])
    expect(error.message).toContain("onHold")
  })

  it("must be declared by the vocabulary", () => {
    const undeclared = givenDesk(history.open)
      .when(command("ChangeStatus", 10, { customStatus: "awaitingGodot" }))
      .thenFails("InvalidCommand")
    expect(undeclared.issues.map((i) => i.path)).toEqual(["customStatus"])
    givenTicket(history.open)
      .when(command("ChangeStatus", 10, { customStatus: "awaitingVendor" }))
      .thenFails("InvalidCommand")
  })

  it("move between two custom statuses of one category", () => {
    const state = givenDesk(onHoldWith("awaitingVendor"))
      .when(command("ChangeStatus", 10, { customStatus: "awaitingParts" }))
      .thenEmits([event("StatusChanged", 10, { status: "onHold", customStatus: "awaitingParts" })])
    expect(state).toMatchObject({ status: "onHold", customStatus: "awaitingParts" })
  })

  it("moving to the custom status the ticket is in is a no-op", () => {
    givenDesk(onHoldWith("awaitingVendor"))
      .when(command("ChangeStatus", 10, { customStatus: "awaitingVendor" }))
      .thenEmits([])
  })

  it("leaving for a plain status, even of the same category, clears the custom status", () => {
    const plainOnHold = givenDesk(onHoldWith("awaitingVendor"))
      .when(command("ChangeStatus", 10, { status: "onHold" }))
      .thenEmits([event("StatusChanged", 10, { status: "onHold" })])
    expect("customStatus" in ticket(plainOnHold)).toBe(false)
    const open = givenDesk(onHoldWith("awaitingVendor"))
      .when(command("ChangeStatus", 10, { status: "open" }))
      .thenEmits([event("StatusChanged", 10, { status: "open" })])
    expect("customStatus" in ticket(open)).toBe(false)
  })

  it("a customer writing back wakes a ticket waiting in a custom pending status", () => {
    const state = givenDesk([
      ...history.open,
      event("StatusChanged", 4, { status: "pending", customStatus: "awaitingDocuments" }),
    ])
      .when(command("ReceiveCustomerMessage", 10, {}))
      .thenEmits([event("StatusChanged", 10, { status: "open" }), event("CustomerMessaged", 10, {})])
    expect("customStatus" in ticket(state)).toBe(false)
  })

  it("follow the status machine of their category", () => {
    givenDesk(history.new)
      .when(command("ChangeStatus", 10, { customStatus: "resolvedByBot" }))
      .thenFails("InvalidTransition", { from: "new", to: "solved" })
  })

  it("count a move from solved back to an active status as a reopen", () => {
    const solvedByBot = [
      ...history.open,
      event("StatusChanged", 4, { status: "solved", customStatus: "resolvedByBot" }),
    ]
    const toCustom = givenDesk(solvedByBot)
      .when(command("ChangeStatus", 10, { customStatus: "inProgress" }))
      .thenEmits([event("StatusChanged", 10, { status: "open", customStatus: "inProgress" })])
    expect(toCustom).toMatchObject({ status: "open", customStatus: "inProgress", reopenCount: 1 })
    const toPlain = givenDesk(solvedByBot)
      .when(command("ChangeStatus", 10, { status: "open" }))
      .thenEmits([event("StatusChanged", 10, { status: "open" })])
    expect(toPlain).toMatchObject({ status: "open", reopenCount: 1 })
  })
})

describe("histories written before ticket data could change", () => {
  // The events of 0.1: no tags changes, fields, requester changes or custom statuses.
  const earlier: ReadonlyArray<TicketEvent> = [
    { ...opened, tags: ["billing"], openedBy: "agent" },
    event("TicketAssigned", 1, { agentId: "a-1", groupId: "billing" }),
    event("AgentReplied", 2, { agentId: "a-1", channel: "email" }),
    event("StatusChanged", 3, { status: "onHold" }),
    event("PromiseMade", 4, { promiseId: "p-1", dueAt: at(60), summary: "call back" }),
    event("PromiseKept", 30, { promiseId: "p-1" }),
    event("StatusChanged", 31, { status: "solved" }),
    event("SurveyAnswered", 40, { survey: "csat", score: 4 }),
    event("StatusChanged", 41, { status: "open" }),
    event("CustomerMessaged", 41, { channel: "chat" }),
    event("PriorityChanged", 42, { priority: "high" }),
  ]
  const asBefore: OpenedTicket = {
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
    lastEventAt: at(42),
    openPromises: [],
    keptPromises: [{ promiseId: "p-1", summary: "call back", madeAt: at(4), dueAt: at(60), keptAt: at(30) }],
    chaseCount: 0,
    customerMessageCount: 1,
    publicReplyCount: 1,
    reopenCount: 1,
    surveyAnswers: [{ survey: "csat", score: 4, answeredAt: at(40) }],
    followUpsSent: [],
    version: 11,
  }

  it("replay to the same state, with no custom status or fields, whatever the vocabulary", () => {
    expect(replay(earlier)).toStrictEqual(asBefore)
    expect(replay(earlier, desk)).toStrictEqual(asBefore)
    expect(decider(desk).replay(earlier)).toStrictEqual(asBefore)
    expect(earlier.reduce(decider(desk).evolve, initialState)).toStrictEqual(asBefore)
  })

  it("decode from JSON to the same events, whatever the vocabulary", () => {
    const stored = json(earlier) as ReadonlyArray<unknown>
    const plain = stored.map((e) => Result.getOrThrow(decodeEvent(e)))
    expect(plain).toStrictEqual(earlier)
    expect(stored.map((e) => Result.getOrThrow(decodeEvent(e, desk)))).toStrictEqual(earlier)
    expect(replay(plain)).toStrictEqual(asBefore)
  })
})
