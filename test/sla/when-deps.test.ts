// The event types that can change a condition's answer (`changesOn`): a fold that skips testing
// a condition after other events must never miss a change. Checked on random conditions over
// random histories of every event kind.
import fc from "fast-check"
import { Sla, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { typeBit } from "../../src/sla/clock-spec.js"
import { changesOn } from "../../src/sla/when-deps.js"
import { runs } from "../setup/property-runs.js"
import { desk } from "./data-stories.js"
import { arbHistory, groups, priorities, tagNames } from "./histories.js"

const names = <T extends string>(values: ReadonlyArray<T>) => fc.subarray([...values], { minLength: 1 })

/** Single tests of every key a condition has. */
const arbAtom: fc.Arbitrary<Sla.When> = fc.oneof(
  names(priorities).map((priority) => ({ priority })),
  names(["email", "chat"] as const).map((channel) => ({ channel })),
  names(["new", "open", "pending", "onHold", "solved", "closed"] as const).map((status) => ({ status })),
  names(["awaitingVendor", "inProgress"]).map((customStatus) => ({ customStatus })),
  fc.constantFrom("any", "all", "none").chain((k) => names(tagNames).map((t) => ({ tags: { [k]: t } }))),
  fc.constantFrom<Sla.When>(
    { fields: { seats: { gte: 100 } } },
    { fields: { plan: { equals: "pro" } } },
    { fields: { vip: { present: true } } },
    { fields: { components: { oneOf: ["sso"] } } },
    { fields: { renewalDate: { lt: "2025-06-20T00:00:00Z" } } },
  ),
  names(["silver", "gold"]).map((tier) => ({ tier })),
  names(["acme", "globex"]).map((organization) => ({ organization })),
  names(groups).map((group) => ({ group })),
  names(["a-1", "a-2"]).map((assignee) => ({ assignee })),
  names(["customer", "agent"] as const).map((openedBy) => ({ openedBy })),
  fc
    .constantFrom("publicReplies", "customerMessages", "chases", "reopens")
    .chain((k) => fc.integer({ min: 0, max: 3 }).map((n) => ({ counts: { [k]: { gte: n } } }))),
)

const arbWhen: fc.Arbitrary<Sla.When> = fc.letrec<{ when: Sla.When }>((tie) => ({
  when: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    arbAtom,
    fc.array(tie("when"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie("when"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie("when").map((not) => ({ not })),
  ),
})).when

describe("changesOn: the events after which a condition may answer differently", () => {
  it("misses no change: when the answer differs after an event, the event's type is in the mask", () => {
    fc.assert(
      fc.property(arbWhen, arbHistory(), (when, history) => {
        const matches = (t: Ticket.TicketState) => t.exists && Sla.matches(when, t)
        const mask = changesOn(when)
        let state = Ticket.replay(history.events.slice(0, 1), desk)
        for (const event of history.events.slice(1)) {
          const next = Ticket.evolve(state, event)
          if (matches(next) !== matches(state))
            expect(mask & typeBit(event.type), `${event.type} changed ${JSON.stringify(when)}`).not.toBe(0)
          state = next
        }
      }),
      { numRuns: runs(400) },
    )
  })

  it("is every type for a named predicate, and none for tests of what never changes", () => {
    expect(changesOn({ predicate: "vip" })).toBe(-1)
    expect(changesOn({ channel: ["email"], openedBy: ["agent"] })).toBe(0)
    expect(changesOn({ tags: { any: ["vip"] } })).toBe(typeBit("TagsAdded") | typeBit("TagsRemoved"))
  })
})
