// Properties of ticket data (tags, custom fields) against reference models, and of the events
// decide emits against their own JSON.
import * as Result from "effect/Result"
import fc from "fast-check"
import {
  decide,
  decider,
  decodeCommand,
  decodeEvent,
  evolve,
  type FieldValue,
  initialState,
  type OpenedTicket,
  type TicketCommand,
  type TicketEvent,
  type TicketState,
  vocabulary,
} from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { commandArbitraries } from "./arbitraries.js"
import { at, opened } from "./fixtures.js"

const desk = vocabulary({
  channels: ["email", "chat", "phone", "social", "web", "whatsapp"],
  priorities: ["low", "normal", "high", "urgent", "P1"],
  statuses: {
    awaitingVendor: "onHold",
    awaitingParts: "onHold",
    inProgress: "open",
    resolvedByBot: "solved",
  },
  fields: { plan: "string", seats: "number", trial: "boolean", renewalDate: "date", components: "strings" },
})
const deskDecider = decider(desk)

const ticket = (state: TicketState): OpenedTicket => {
  if (!state.exists) throw new Error("expected an opened ticket")
  return state
}

/** Decides `command` (which must be accepted) and folds the events it emits into the state. */
const step = (
  state: TicketState,
  command: TicketCommand,
  d: Pick<typeof deskDecider, "decide" | "evolve">,
): { readonly state: TicketState; readonly events: ReadonlyArray<TicketEvent> } => {
  const result = d.decide(state, command)
  if (Result.isFailure(result)) throw new Error(`${command.type} refused: ${result.failure.message}`)
  return { state: result.success.reduce(d.evolve, state), events: result.success }
}
const plain = { decide: (s: TicketState, c: TicketCommand) => decide(s, c), evolve }

const tag = fc.constantFrom("vip", "billing", "refund", "api", "sso")
const tagList = fc.array(tag, { minLength: 1, maxLength: 4 })

describe("tags", () => {
  it("follow an insertion-ordered set of the tags added and not removed since, each once", () => {
    const commands = fc.array(fc.tuple(fc.boolean(), tagList), { maxLength: 25 })
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 4 }), commands, (openedWith, changes) => {
        const model = new Set(openedWith)
        let state = ticket(evolve(initialState, { ...opened, tags: openedWith }))
        changes.forEach(([add, tags], i) => {
          const before = [...model]
          for (const t of tags) {
            if (add) model.add(t)
            else model.delete(t)
          }
          const type = add ? "AddTags" : "RemoveTags"
          const next = step(state, { type, ticketId: "T-1", at: at(i + 1), tags }, plain)
          state = ticket(next.state)
          expect(state.tags).toEqual([...model])
          expect(new Set(state.tags).size).toBe(state.tags.length)
          expect(next.events.length === 0, "no event exactly when nothing changes").toBe(
            before.join() === [...model].join(),
          )
        })
      }),
      { numRuns: runs(200) },
    )
  })
})

const minInstant = Date.UTC(1900, 0, 1)
const maxInstant = Date.UTC(2400, 0, 1) - 1
const fieldValues = {
  plan: fc.string({ maxLength: 8 }),
  seats: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  trial: fc.boolean(),
  renewalDate: fc.integer({ min: minInstant, max: maxInstant }).map((ms) => new Date(ms)),
  components: fc.array(fc.constantFrom("api", "billing", "sso", ""), { maxLength: 3 }),
} satisfies Record<string, fc.Arbitrary<FieldValue>>
type Field = keyof typeof fieldValues
const fieldNames = Object.keys(fieldValues) as ReadonlyArray<Field>

/** A field and a value of its declared kind. */
const fieldAndValue = fc
  .constantFrom(...fieldNames)
  .chain((field) => fieldValues[field].map((value) => ({ field, value }) as const))

/** Whether two field values are the same: dates by instant, lists item by item, the rest by ===. */
const same = (a: FieldValue | undefined, b: FieldValue | undefined): boolean =>
  a instanceof Date
    ? b instanceof Date && a.getTime() === b.getTime()
    : Array.isArray(a)
      ? Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i])
      : a === b

/** A value equal to `value` that is not the same object. */
const copyOf = (value: FieldValue): FieldValue =>
  value instanceof Date ? new Date(value.getTime()) : typeof value === "object" ? [...value] : value

const openedState = ticket(deskDecider.evolve(initialState, opened))

describe("custom fields", () => {
  it("set to the value they hold emit nothing", () => {
    fc.assert(
      fc.property(fc.array(fieldAndValue, { maxLength: 4 }), fieldAndValue, (others, { field, value }) => {
        let state: TicketState = openedState
        others.forEach((set, i) => {
          state = step(state, { type: "SetField", ticketId: "T-1", at: at(i + 1), ...set }, deskDecider).state
        })
        const first = step(
          state,
          { type: "SetField", ticketId: "T-1", at: at(10), field, value },
          deskDecider,
        )
        const again = { type: "SetField", ticketId: "T-1", at: at(11), field, value: copyOf(value) } as const
        expect(step(first.state, again, deskDecider).events).toEqual([])
        const fromJson = Result.getOrThrow(decodeCommand(JSON.parse(JSON.stringify(again)), desk))
        expect(step(first.state, fromJson, deskDecider).events).toEqual([])
      }),
    )
  })

  it("follow a map of the values set and not cleared since, absent while it is empty", () => {
    const change = fc.oneof(
      fieldAndValue,
      fc.constantFrom(...fieldNames).map((field) => ({ field, value: undefined })),
    )
    fc.assert(
      fc.property(fc.array(change, { maxLength: 25 }), (changes) => {
        const model = new Map<string, FieldValue>()
        let state: TicketState = openedState
        changes.forEach(({ field, value }, i) => {
          const changed = !same(model.get(field), value)
          if (value === undefined) model.delete(field)
          else if (changed) model.set(field, value)
          const command: TicketCommand =
            value === undefined
              ? { type: "ClearField", ticketId: "T-1", at: at(i + 1), field }
              : { type: "SetField", ticketId: "T-1", at: at(i + 1), field, value }
          const next = step(state, command, deskDecider)
          state = next.state
          expect(next.events.length === 1, "one event exactly when the value changes").toBe(changed)
          const { fields } = ticket(state)
          if (model.size === 0) expect("fields" in ticket(state)).toBe(false)
          else expect(fields).toEqual(Object.fromEntries(model))
        })
      }),
      { numRuns: runs(200) },
    )
  })
})

/** The JSON view of a value: Dates by instant (JSON has no -0 either, so 0 stands for both). */
const byInstant = (value: unknown): unknown => {
  if (value instanceof Date) return { instant: value.getTime() }
  if (typeof value === "number") return value === 0 ? 0 : value
  if (Array.isArray(value)) return value.map(byInstant)
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, byInstant(v)]))
  return value
}

/** The commands of a desk session, all on T-1 (re-timed by the property); data changes weigh most. */
const deskCommand: fc.Arbitrary<TicketCommand> = fc
  .oneof(
    ...Object.values(commandArbitraries).map((arbitrary) => ({ arbitrary, weight: 1 })),
    ...[
      tagList.map((tags) => ({ type: "AddTags", tags })),
      tagList.map((tags) => ({ type: "RemoveTags", tags })),
      fieldAndValue.map((set) => ({ type: "SetField", ...set })),
      fc.constantFrom(...fieldNames).map((field) => ({ type: "ClearField", field })),
      fc
        .record(
          {
            id: fc.constantFrom("c-1", "c-2"),
            tier: fc.constantFrom("gold", "silver"),
            organization: fc.string(),
            timeZone: fc.constantFrom("Europe/Rome", "Asia/Kolkata"),
          },
          { requiredKeys: ["id"] },
        )
        .map((requester) => ({ type: "ChangeRequester", requester })),
      fc
        .constantFrom("awaitingVendor", "awaitingParts", "inProgress", "resolvedByBot")
        .map((customStatus) => ({ type: "ChangeStatus", customStatus })),
      fc.constantFrom("whatsapp", "email").map((channel) => ({ type: "ReceiveCustomerMessage", channel })),
      fc.constantFrom("P1", "low").map((priority) => ({ type: "ChangePriority", priority })),
    ].map((arbitrary) => ({ arbitrary, weight: 4 })),
  )
  .map((c) => ({ ...c, ticketId: "T-1" }) as TicketCommand)

describe("the events decide emits", () => {
  it("decode from their own JSON to equal events, with the vocabulary they were decided with", () => {
    const opening = fc
      .tuple(commandArbitraries.OpenTicket, fc.array(fieldAndValue, { maxLength: 2 }))
      .map(([open, fields]) => ({
        ...open,
        ticketId: "T-1",
        at: at(0),
        ...(fields.length > 0 && { fields: Object.fromEntries(fields.map((f) => [f.field, f.value])) }),
      }))
    fc.assert(
      fc.property(opening, fc.array(deskCommand, { minLength: 5, maxLength: 40 }), (open, commands) => {
        let state: TicketState = initialState
        const emitted: Array<TicketEvent> = []
        for (const [i, command] of [open, ...commands].entries()) {
          const result = deskDecider.decide(state, { ...command, at: at(i) })
          if (Result.isFailure(result)) continue
          emitted.push(...result.success)
          state = result.success.reduce(deskDecider.evolve, state)
        }
        expect(emitted[0]?.type).toBe("TicketOpened")
        for (const e of emitted) {
          const decoded = decodeEvent(JSON.parse(JSON.stringify(e)), desk)
          expect(Result.isSuccess(decoded) && byInstant(decoded.success)).toStrictEqual(byInstant(e))
        }
      }),
      { numRuns: runs(200) },
    )
  })
})
