import * as Result from "effect/Result"
import fc from "fast-check"
import {
  channels,
  decide,
  evolve,
  InvalidCommand,
  InvalidTransition,
  initialState,
  isAllowedTransition,
  priorities,
  replay,
  surveyScales,
  type TicketCommand,
  type TicketCommandType,
  type TicketEvent,
  type TicketState,
  ticketStatuses,
} from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { runs } from "../setup/property-runs.js"
import { arbitraryEvent, commandArbitraries } from "./arbitraries.js"
import { commandTypes } from "./fixtures.js"

/** What must hold of any state that `decide`-made events produce; returns the broken invariants. */
const violations = (s: TicketState): ReadonlyArray<string> => {
  if (!s.exists) return Number.isInteger(s.version) && s.version >= 0 ? [] : ["version"]
  const problems: Array<string> = []
  const check = (ok: boolean, what: string) => ok || problems.push(what)
  const promiseIds = [...s.openPromises, ...s.keptPromises].map((p) => p.promiseId)
  const taskIds = s.followUpsSent.map((f) => f.taskId)
  check(ticketStatuses.includes(s.status), "status is known")
  check((priorities as ReadonlyArray<string>).includes(s.priority), "priority is known")
  check((channels as ReadonlyArray<string>).includes(s.channel), "channel is known")
  check(s.id !== "" && s.requester.id !== "", "ids are not empty")
  check(Number.isInteger(s.version) && s.version >= 1, "an opened ticket has version ≥ 1")
  check(s.lastEventAt.getTime() >= s.openedAt.getTime(), "lastEventAt ≥ openedAt")
  check(new Set(promiseIds).size === promiseIds.length, "promise ids are unique")
  check(
    [...s.openPromises, ...s.keptPromises].every((p) => p.dueAt.getTime() > p.madeAt.getTime()),
    "promises fall due after they are made",
  )
  check(
    s.keptPromises.every((p) => p.keptAt.getTime() >= p.madeAt.getTime()),
    "promises are kept after they are made",
  )
  check(
    [s.chaseCount, s.customerMessageCount, s.publicReplyCount, s.reopenCount].every(
      (n) => Number.isInteger(n) && n >= 0 && n < s.version,
    ),
    "counters are between 0 and the number of events",
  )
  check(
    s.surveyAnswers.every(({ survey, score }) => {
      const { min, max } = surveyScales[survey]
      return Number.isInteger(score) && score >= min && score <= max
    }),
    "survey scores are within their scale",
  )
  check(new Set(taskIds).size === taskIds.length, "a follow-up is recorded once")
  check(s.mergedInto !== s.id, "a ticket is not merged into itself")
  return problems
}

const isValidState = (s: TicketState): boolean => violations(s).length === 0

const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

// Weighted so that sessions reach deep states (solved, closed, kept promises, surveys)
// instead of ending early in a merge.
const weights: { readonly [K in TicketCommandType]: number } = {
  OpenTicket: 1,
  ReceiveCustomerMessage: 4,
  ReplyToCustomer: 4,
  AddInternalNote: 2,
  ChangeStatus: 10,
  ChangePriority: 2,
  AssignTicket: 2,
  MakePromise: 4,
  KeepPromise: 4,
  RecordCustomerChase: 2,
  RecordSurveyAnswer: 4,
  RecordFollowUpSent: 3,
  RecordAutomation: 2,
  MergeTicket: 1,
  AddTags: 2,
  RemoveTags: 2,
  SetField: 1,
  ClearField: 1,
  ChangeRequester: 1,
}
// Statuses biased toward the ones that unlock later rules (surveys, closing, reopening).
const biasedStatusChange = commandArbitraries.ChangeStatus.chain((c) =>
  fc
    .constantFrom("open", "solved", "solved", "closed", "pending", "onHold", "new")
    .map((status) => ({ ...c, status })),
)
const weightedCommand = fc.oneof(
  ...commandTypes.map((type) => ({
    arbitrary: (type === "ChangeStatus"
      ? biasedStatusChange
      : commandArbitraries[type]) as fc.Arbitrary<TicketCommand>,
    weight: weights[type],
  })),
)

/** Commands mostly on T-1, at times that mostly move forward (sometimes back, to test the rule). */
const session = fc
  .tuple(
    commandArbitraries.OpenTicket,
    fc.array(
      fc.tuple(
        weightedCommand,
        fc.integer({ min: -10, max: 240 }),
        fc.nat(19),
        fc.integer({ min: -30, max: 600 }),
      ),
      {
        minLength: 5,
        maxLength: 60,
      },
    ),
  )
  .map(([open, steps]) => {
    let t = open.at.getTime()
    const rest = steps.map(([command, minutes, dice, dueInMinutes]): TicketCommand => {
      t += minutes * 60_000
      const retimed = { ...command, ticketId: dice === 0 ? "T-2" : "T-1", at: new Date(t) }
      return retimed.type === "MakePromise"
        ? { ...retimed, dueAt: new Date(t + dueInMinutes * 60_000) }
        : retimed
    })
    return [{ ...open, ticketId: "T-1" }, ...rest]
  })

const knownErrors = new Set([
  "InvalidCommand",
  "TicketNotFound",
  "TicketAlreadyExists",
  "TicketIdMismatch",
  "TicketClosed",
  "TicketAlreadyMerged",
  "InvalidTransition",
  "TimeWentBackwards",
  "PromiseDueTooEarly",
  "DuplicatePromise",
  "UnknownPromise",
  "PromiseAlreadyKept",
  "SurveyScoreOutOfRange",
  "SurveyBeforeResolution",
  "MergeIntoSelf",
])

describe("properties of the ticket decider", () => {
  it("replay(events) is evolve folded over the events from initialState", () => {
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { maxLength: 30 }), (events) => {
        expect(replay(events)).toEqual(events.reduce(evolve, initialState))
      }),
    )
  })

  it("evolve is total: any well-typed history folds, and version counts every event", () => {
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { maxLength: 30 }), (events) => {
        const state = replay(events)
        expect(state.version).toBe(events.length)
        expect(state.exists).toBe(events.some((e) => e.type === "TicketOpened"))
      }),
    )
  })

  it("any command sequence yields events that keep the state valid, or a tagged error — never a throw", () => {
    fc.assert(
      fc.property(session, (commands) => {
        let state: TicketState = deepFreeze(initialState)
        const history: Array<TicketEvent> = []
        for (const command of commands) {
          const result = decide(state, command)
          expect(decide(state, command), "decide is deterministic").toEqual(result)
          if (Result.isFailure(result)) {
            expect(knownErrors.has(result.failure._tag)).toBe(true)
            expect(result.failure.message.length).toBeGreaterThan(0)
            continue
          }
          for (const event of result.success) {
            expect(event.ticketId).toBe(command.ticketId)
            expect(event.at).toEqual(command.at)
            if (event.type === "StatusChanged" && state.exists) {
              expect(isAllowedTransition(state.status, event.status)).toBe(true)
            }
            state = deepFreeze(evolve(state, event))
            history.push(event)
          }
          expect(violations(state)).toEqual([])
        }
        expect(isValidState(state)).toBe(true)
        expect(replay(history)).toEqual(state)
      }),
      { numRuns: runs(300) },
    )
  })

  it("errors are instances of their tagged classes", () => {
    const bad = decide(initialState, { type: "ChangeStatus", ticketId: "", at: new Date(0), status: "open" })
    expect(Result.isFailure(bad) && bad.failure).toBeInstanceOf(InvalidCommand)
    const state = replay([
      {
        type: "TicketOpened",
        ticketId: "T-1",
        at: new Date(0),
        channel: "web",
        priority: "low",
        requester: { id: "c" },
      },
    ])
    const move = decide(state, { type: "ChangeStatus", ticketId: "T-1", at: new Date(0), status: "closed" })
    expect(Result.isFailure(move) && move.failure).toBeInstanceOf(InvalidTransition)
    expect(Result.isFailure(move) && move.failure).toBeInstanceOf(Error)
  })
})
