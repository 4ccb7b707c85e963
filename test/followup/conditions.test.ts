import * as Result from "effect/Result"
import { Calendar, FollowUp, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"

const at = (hh: number, mm = 0) => new Date(Date.UTC(2025, 5, 3, hh, mm))
const desk = Ticket.vocabulary({ statuses: { awaitingVendor: "onHold" }, fields: { seats: "number" } })
const opened: Ticket.TicketEvent = {
  type: "TicketOpened",
  ticketId: "T-1",
  at: at(9),
  channel: "email",
  priority: "normal",
  requester: { id: "c-1" },
}
const vip = FollowUp.policy({ when: { tags: { any: ["vip"] } }, acknowledge: { within: "PT15M" } })
const standard = FollowUp.policy({ acknowledge: { within: "PT4H" } })
const plan = (events: ReadonlyArray<Ticket.TicketEvent>, policy: FollowUp.PlanOptions["policy"]) =>
  FollowUp.plan(events, { policy, calendar: Calendar.always, now: at(9, 5), vocabulary: desk })

describe("follow-up policies with conditions", () => {
  it("apply the first policy of a list whose condition matches the ticket as it is now", () => {
    expect(plan([opened], [vip, standard]).tasks[0]?.dueAt).toEqual(at(13))
    const tagged = [opened, { type: "TagsAdded", ticketId: "T-1", at: at(9, 1), tags: ["vip"] } as const]
    expect(plan(tagged, [vip, standard]).tasks[0]?.dueAt).toEqual(at(9, 15))
  })

  it("plan nothing when no policy matches", () => {
    expect(plan([opened], [vip])).toEqual({ tasks: [], nextDueAt: undefined })
  })

  it("read fields and custom statuses the desk declares", () => {
    const big = FollowUp.policy(
      { when: { fields: { seats: { gte: 100 } } }, acknowledge: { within: "PT1H" } },
      { vocabulary: desk },
    )
    const withSeats = [
      opened,
      { type: "FieldSet", ticketId: "T-1", at: at(9, 1), field: "seats", value: 250 } as const,
    ]
    expect(plan(withSeats, [big, standard]).tasks[0]?.dueAt).toEqual(at(10))
  })

  it("refuse a condition on a field or status the desk does not declare, naming the path", () => {
    const undeclared = FollowUp.decodePolicy(
      { when: { fields: { plan: { equals: "x" } } } },
      { vocabulary: desk },
    )
    expect(Result.isFailure(undeclared) && undeclared.failure.issues[0]?.path).toBe("when.fields.plan")
    const status = FollowUp.decodePolicy({ when: { customStatus: ["awaitingVendr"] } }, { vocabulary: desk })
    expect(Result.isFailure(status) && status.failure.issues[0]?.path).toBe("when.customStatus[0]")
    const predicate = FollowUp.decodePolicy({ when: { predicate: "vip" } })
    expect(Result.isFailure(predicate) && predicate.failure.issues[0]?.path).toBe("when.predicate")
  })

  it("refuse a list holding something that is no policy, naming its index", () => {
    expect(() => plan([opened], [standard, {} as FollowUp.FollowUpPolicy])).toThrow(
      expect.objectContaining({ _tag: "InvalidPlan", field: "policy[1]" }),
    )
  })
})
