// A desk's own words (channels, priorities, custom statuses, fields), how they are checked, and
// the decider that decides and folds with them.
import * as Result from "effect/Result"
import { given, givenTicket } from "servicekit/testing"
import {
  builtinVocabulary,
  channels,
  commandSchemaFor,
  decide,
  decider,
  decodeCommand,
  decodeEvent,
  decodeVocabulary,
  eventSchemaFor,
  evolve,
  InvalidEvent,
  InvalidVocabulary,
  initialState,
  priorities,
  replay,
  type TicketEvent,
  vocabulary,
} from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { command, event } from "./fixtures.js"

const whatsappDesk = decider(
  vocabulary({ channels: ["email", "whatsapp"], priorities: ["P4", "P3", "P2", "P1"] }),
)
const openOnWhatsapp = command("OpenTicket", 0, {
  channel: "whatsapp",
  priority: "P1",
  requester: { id: "c-1" },
})
const openedOnWhatsapp = event("TicketOpened", 0, {
  channel: "whatsapp",
  priority: "P1",
  requester: { id: "c-1" },
})

const issuesOf = (decoded: Result.Result<unknown, InvalidVocabulary>) =>
  Result.isFailure(decoded) ? decoded.failure.issues.map((i) => i.path) : ["(no failure)"]

describe("a desk with its own channels and priorities", () => {
  it("opens and reprioritises tickets in its own words", () => {
    given(whatsappDesk, []).when(openOnWhatsapp).thenEmits([openedOnWhatsapp])
    const state = given(whatsappDesk, [openedOnWhatsapp])
      .when(command("ChangePriority", 10, { priority: "P2" }))
      .thenEmits([event("PriorityChanged", 10, { priority: "P2" })])
    expect(state).toMatchObject({ channel: "whatsapp", priority: "P2" })
  })

  it("is refused by the plain decider, which knows only the built-in words", () => {
    const error = givenTicket([]).when(openOnWhatsapp).thenFails("InvalidCommand")
    expect(error.issues.map((i) => i.path)).toEqual(["channel", "priority"])
  })

  it("refuses the built-in names it does not list", () => {
    const error = given(whatsappDesk, [openedOnWhatsapp])
      .when(command("ChangePriority", 10, { priority: "urgent" }))
      .thenFails("InvalidCommand")
    expect(error.issues.map((i) => i.path)).toEqual(["priority"])
    expect(error.message).toContain("P1")
  })

  it("folds with an evolve of exactly two parameters, as reduce passes them", () => {
    const history: ReadonlyArray<TicketEvent> = [
      openedOnWhatsapp,
      event("CustomerMessaged", 1, { channel: "whatsapp" }),
      event("PriorityChanged", 2, { priority: "P3" }),
    ]
    expect(whatsappDesk.evolve).toHaveLength(2)
    const folded = history.reduce(whatsappDesk.evolve, whatsappDesk.initialState)
    expect(folded).toEqual(whatsappDesk.replay(history))
    expect(folded).toEqual(replay(history, whatsappDesk.vocabulary))
    expect(folded).toMatchObject({ channel: "whatsapp", priority: "P3", customerMessageCount: 1, version: 3 })
    expect(whatsappDesk.initialState).toBe(initialState)
  })

  it("is the only way to fold its events: the plain evolve and replay refuse them, naming the field", () => {
    expect(() => evolve(initialState, openedOnWhatsapp)).toThrow(InvalidEvent)
    try {
      replay([openedOnWhatsapp])
      expect.unreachable()
    } catch (e) {
      expect((e as InvalidEvent).issues.map((i) => i.path)).toEqual(["events[0].channel"])
    }
  })

  it("decodes its JSON with its vocabulary, and only with it", () => {
    const stored = JSON.parse(JSON.stringify(openedOnWhatsapp))
    expect(Result.getOrThrow(decodeEvent(stored, whatsappDesk.vocabulary))).toEqual(openedOnWhatsapp)
    expect(Result.isFailure(decodeEvent(stored))).toBe(true)
    expect(eventSchemaFor(whatsappDesk.vocabulary).safeParse(stored).success).toBe(true)
    const json = JSON.parse(JSON.stringify(openOnWhatsapp))
    expect(Result.getOrThrow(decodeCommand(json, whatsappDesk.vocabulary))).toEqual(openOnWhatsapp)
    expect(commandSchemaFor(whatsappDesk.vocabulary).safeParse(json).success).toBe(true)
  })

  it("decides the same as decide given the vocabulary", () => {
    expect(whatsappDesk.decide(initialState, openOnWhatsapp)).toEqual(
      decide(initialState, openOnWhatsapp, whatsappDesk.vocabulary),
    )
  })
})

describe("the desk vocabulary", () => {
  it("defaults to the built-in words", () => {
    expect(builtinVocabulary.channels).toEqual(channels)
    expect(builtinVocabulary.priorities).toEqual(priorities)
    expect(builtinVocabulary.statuses).toEqual({})
    expect(builtinVocabulary.fields).toEqual({})
    const empty = vocabulary({})
    expect([empty.channels, empty.priorities]).toEqual([channels, priorities])
  })

  it("answers what a name is", () => {
    const desk = vocabulary({
      channels: ["email", "whatsapp"],
      priorities: ["P2", "P1"],
      statuses: { awaitingVendor: "onHold" },
      fields: { seats: "number" },
    })
    expect([desk.isChannel("whatsapp"), desk.isChannel("chat")]).toEqual([true, false])
    expect([desk.isPriority("P1"), desk.isPriority("urgent")]).toEqual([true, false])
    expect([desk.categoryOf("awaitingVendor"), desk.categoryOf("onHold")]).toEqual(["onHold", undefined])
    expect([desk.fieldType("seats"), desk.fieldType("plan"), desk.fieldType("toString")]).toEqual([
      "number",
      undefined,
      undefined,
    ])
  })

  it.each([
    [
      "a status in an unknown category",
      { statuses: { awaitingVendor: "waiting" } },
      ["statuses.awaitingVendor"],
    ],
    ["a field of an unknown type", { fields: { seats: "integer" } }, ["fields.seats"]],
    ["a priority listed twice", { priorities: ["P3", "P2", "P3"] }, ["priorities[2]"]],
    ["a channel listed twice", { channels: ["email", "email"] }, ["channels[1]"]],
    ["a custom status named like a category", { statuses: { open: "open" } }, ["statuses.open"]],
    ["an unknown key", { tags: ["vip"] }, ["tags"]],
    ["an empty list of channels", { channels: [] }, ["channels"]],
    ["an empty priority name", { priorities: ["P1", ""] }, ["priorities[1]"]],
    ["a field name that is not an identifier", { fields: { "2fa": "boolean" } }, ["fields.2fa"]],
    ["no object at all", "P1,P2", [""]],
  ])("refuses %s, naming the entry", (_what, spec, paths) => {
    expect(issuesOf(decodeVocabulary(spec))).toEqual(paths)
    expect(() => vocabulary(spec as never)).toThrow(InvalidVocabulary)
  })

  it("names every bad entry at once", () => {
    const decoded = decodeVocabulary({
      priorities: ["a", "b", "a"],
      statuses: { y: "waiting" },
      fields: { x: "integer" },
      extra: true,
    })
    expect(issuesOf(decoded)).toEqual(["extra", "priorities[2]", "statuses.y", "fields.x"])
    expect(Result.isFailure(decoded) && decoded.failure.message).toContain("waiting")
  })

  it("must be one made by vocabulary, not a spec passed where a vocabulary belongs", () => {
    const spec = { priorities: ["P1"] } as never
    expect(() =>
      decide(
        initialState,
        command("OpenTicket", 0, { channel: "email", priority: "P1", requester: { id: "c" } }),
        spec,
      ),
    ).toThrow(InvalidVocabulary)
    expect(() => decider(spec)).toThrow(InvalidVocabulary)
    expect(() => replay([], spec)).toThrow(InvalidVocabulary)
    expect(() => decodeEvent({}, spec)).toThrow(InvalidVocabulary)
  })
})
