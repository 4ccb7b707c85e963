// Every fold over a ticket's history is linear in it (issue #17, item 6): each FollowUpSent,
// PromiseMade, PromiseKept and SurveyAnswered used to copy its whole list, which made a fold of
// many of them quadratic. The growth is pinned down by counting the list elements copied, never by
// timing the folds; `evolve`, one step that leaves earlier states valid, still copies.
import fc from "fast-check"
import { Automation, Calendar, FollowUp, Sla } from "servicekit"
import { evolve, initialState, replay, type TicketEvent, type TicketState } from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { copies, evolveUnchecked } from "../../src/ticket/evolve.js"
import { recipes } from "../automation/story.js"
import { MINUTE, office } from "../followup/story.js"
import { runs } from "../setup/property-runs.js"
import { arbitraryEvent } from "./arbitraries.js"

type Kind = "FollowUpSent" | "PromiseMade/PromiseKept" | "SurveyAnswered"

/** An opening, then `n` events of `kind`, a minute apart. */
const history = (n: number, kind: Kind): Array<TicketEvent> => {
  const ticketId = "T-1"
  let t = Date.UTC(2025, 5, 2, 7)
  const at = () => {
    t += MINUTE
    return new Date(t)
  }
  const events: Array<TicketEvent> = [
    {
      type: "TicketOpened",
      ticketId,
      at: at(),
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
    },
  ]
  for (let i = 0; events.length <= n; i++)
    if (kind === "FollowUpSent")
      events.push({ type: "FollowUpSent", ticketId, at: at(), taskId: `T-1/checkIn/${i}`, kind: "checkIn" })
    else if (kind === "SurveyAnswered")
      events.push({ type: "SurveyAnswered", ticketId, at: at(), survey: "csat", score: 1 + (i % 5) })
    else
      events.push(
        { type: "PromiseMade", ticketId, at: at(), promiseId: `p-${i}`, summary: "call back", dueAt: at() },
        { type: "PromiseKept", ticketId, at: at(), promiseId: `p-${i}` },
      )
  return events.slice(0, n + 1)
}

/** The list elements copied while `fold` runs. */
const copiedBy = (fold: () => void): number => {
  const before = copies.elements
  fold()
  return copies.elements - before
}

const policy = FollowUp.policy({ keepInformed: { every: "PT4H" }, checkIn: { after: "P1D" } })

const slaPolicy = Sla.policy({
  id: "customer",
  targets: { normal: { firstReply: "PT1H", agentWork: "PT8H", resolution: "PT8H" } },
})

const folds: Record<string, (events: ReadonlyArray<TicketEvent>) => void> = {
  "Ticket.replay": (events) => {
    replay(events)
  },
  "FollowUp.plan": (events) => {
    const now = events[events.length - 1]!.at.getTime() + 60 * MINUTE
    FollowUp.plan(events, { policy, calendar: office, now })
  },
  "Automation.plan": (events) => {
    const now = new Date(events[events.length - 1]!.at.getTime() + 60 * MINUTE)
    Automation.plan(events, {
      rules: recipes,
      calendar: Calendar.always,
      now,
      sla: { policies: [slaPolicy] },
    })
  },
  "Sla.evaluate": (events) => {
    const now = events[events.length - 1]!.at
    Sla.evaluate(events, { policies: [slaPolicy], calendar: office, now })
  },
}

describe("the folds over a ticket's history grow linearly with it", () => {
  const sizes = [1_000, 2_000, 4_000, 8_000]
  for (const [name, fold] of Object.entries(folds))
    for (const kind of ["FollowUpSent", "PromiseMade/PromiseKept", "SurveyAnswered"] as const)
      it(`${name} over ${kind} events: doubling the history at most doubles the elements copied (and a bit)`, () => {
        const copied = sizes.map((n) => {
          const events = history(n, kind)
          return copiedBy(() => fold(events))
        })
        // A copy of the list per event makes each ratio about 4; appends in place keep it about 2.
        const ratios = copied.slice(1).map((c, i) => c / Math.max(1, copied[i]!))
        for (const ratio of ratios) expect(ratio).toBeLessThanOrEqual(2.5)
        expect(copied[3]).toBeLessThanOrEqual(3 * sizes[3]!)
      })

  it("evolve, one step that leaves the state before it valid, still copies the list it adds to", () => {
    const [opened, ...sent] = history(3, "FollowUpSent")
    const states = [evolve(initialState, opened!)]
    for (const e of sent) states.push(evolve(states[states.length - 1]!, e))
    expect(states.map((s) => (s.exists ? s.followUpsSent.length : -1))).toEqual([0, 1, 2, 3])
  })
})

const lengths = (s: TicketState) =>
  s.exists
    ? [s.openPromises.length, s.keptPromises.length, s.surveyAnswers.length, s.followUpsSent.length]
    : []

describe("a fold that owns its states", () => {
  // Histories where the appending events abound, and one ticket, so that most events apply.
  const appending = arbitraryEvent.filter((e) =>
    [
      "PromiseMade",
      "PromiseKept",
      "SurveyAnswered",
      "FollowUpSent",
      "TicketOpened",
      "StatusChanged",
    ].includes(e.type),
  )
  const opening = arbitraryEvent.filter((e) => e.type === "TicketOpened")
  const histories = fc
    .tuple(opening, fc.array(fc.oneof(appending, arbitraryEvent), { maxLength: 60 }))
    .map(([first, rest]) => [first, ...rest].map((e) => ({ ...e, ticketId: "T-1" }) as TicketEvent))

  it("replay equals evolve reduced over the history", () => {
    fc.assert(
      fc.property(histories, (events) => {
        expect(replay(events)).toEqual(events.reduce(evolve, initialState))
      }),
      { numRuns: runs(200) },
    )
  })

  it("never changes the state before the step it takes, nor the one it makes, while the next runs", () => {
    fc.assert(
      fc.property(histories, (events) => {
        const owner = {}
        let before: TicketState = initialState
        for (const e of events) {
          const was = lengths(before)
          const after = evolveUnchecked(before, e, owner)
          expect(lengths(before)).toEqual(was)
          expect(after).toEqual(evolve(before, e))
          before = after
        }
      }),
      { numRuns: runs(200) },
    )
  })
})
