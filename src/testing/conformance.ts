// The TicketStore contract as a test suite that any adapter runs, with no test-runner dependency.
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { type Appended, type Claim, type StoredTicket, TicketStore } from "../desk/store.js"
import type { TicketEvent } from "../ticket/index.js"
import { differences, render } from "./diff.js"

/**
 * How {@link ticketStoreConformance} registers its cases and gets a store for each.
 *
 * @example
 * ```ts
 * import type { ConformanceOptions } from "servicekit/testing"
 *
 * const options: ConformanceOptions = {
 *   describe: (_name, body) => body(),
 *   it: () => {},
 *   makeStore: () => {
 *     throw new Error("a real adapter returns a fresh, empty store here")
 *   },
 *   writers: 32,
 * }
 * options.writers // => 32
 * ```
 * @since 0.1.0
 * @category conformance
 */
export interface ConformanceOptions {
  /** vitest's (or any runner's) describe and it, passed in so that the library does not import a test runner. */
  readonly describe: (name: string, body: () => void) => void
  /** Registers one case; the body rejects when the store breaks the contract. */
  readonly it: (name: string, body: () => Promise<void>, timeoutMs?: number) => void
  /** A fresh, empty store for each test (an adapter over a shared database truncates its tables here). */
  readonly makeStore: () => Layer.Layer<TicketStore> | Promise<Layer.Layer<TicketStore>>
  /** Concurrent writers in the race test (default 16). */
  readonly writers?: number
  /** Time allowed for each case, in milliseconds (default 30 000). */
  readonly timeoutMs?: number
}

class ConformanceFailure extends Error {
  override readonly name = "ConformanceFailure"
}

const check = (condition: boolean, message: string): void => {
  if (!condition) throw new ConformanceFailure(message)
}

const shownDifferences = 12

const same = (actual: unknown, expected: unknown, what: string): void => {
  const diff = differences(actual, expected)
  if (diff.length === 0) return
  const more = diff.length > shownDifferences ? `\n  … and ${diff.length - shownDifferences} more` : ""
  throw new ConformanceFailure(`${what} differ:\n  ${diff.slice(0, shownDifferences).join("\n  ")}${more}`)
}

/** The error `effect` fails with; a readable defect if it succeeds instead. */
const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>, what: string): Effect.Effect<E, never, R> =>
  Effect.flatMap(Effect.result(effect), (result) =>
    result._tag === "Failure"
      ? Effect.succeed(result.failure)
      : Effect.die(
          new ConformanceFailure(
            `${what}: expected a failure, but it succeeded with ${render(result.success, 0)}`,
          ),
        ),
  )

const sameError = (
  error: { readonly _tag: string; readonly message?: string },
  tag: string,
  fields: Record<string, unknown>,
  what: string,
): void => {
  check(error._tag === tag, `${what}: expected ${tag}, received ${error._tag}: ${error.message ?? ""}`)
  const actual = Object.fromEntries(
    Object.keys(fields).map((k) => [k, (error as Record<string, unknown>)[k]]),
  )
  same(actual, fields, `${what}: the ${tag}'s fields`)
}

/** Only the contract's fields, so an adapter may return more. */
const appendedOf = (a: Appended) => ({ version: a.version, events: a.events, duplicate: a.duplicate })
const storedOf = (s: StoredTicket) => ({ version: s.version, events: s.events })

const range = (n: number): Array<number> => Array.from({ length: n }, (_, i) => i)

/** Realistic epoch milliseconds, so a store that keeps instants in a 32-bit column fails. */
const T0 = Date.UTC(2025, 5, 3, 8, 0, 0, 0)
const at = (ms: number): Date => new Date(T0 + ms)

/**
 * Every shape a store must keep: nested objects, arrays (one empty), optional fields present and
 * absent, falsy values, several Dates with milliseconds, text that needs escaping.
 */
const sampleEvents = (ticketId: string): Array<TicketEvent> => [
  {
    type: "TicketOpened",
    ticketId,
    at: at(0),
    channel: "email",
    priority: "high",
    requester: { id: "c-1", name: 'Zoë O\'Brien "ZO"', timeZone: "Europe/Rome", tier: "gold" },
    subject: "Refund — order #42 ✓ 🎫 \\ %_",
    tags: ["billing", "vip"],
    openedBy: "agent",
  },
  { type: "CustomerMessaged", ticketId, at: at(1_234) },
  { type: "AgentReplied", ticketId, at: at(60_001), agentId: "a-1", channel: "chat" },
  {
    type: "PromiseMade",
    ticketId,
    at: at(120_000),
    promiseId: "p-1",
    dueAt: at(3_600_000),
    summary: "call back\nat 3 pm\t(customer's time)",
  },
  { type: "TicketAssigned", ticketId, at: at(130_000), groupId: "billing" },
  { type: "SurveyAnswered", ticketId, at: at(140_000), survey: "nps", score: 0, comment: "" },
  {
    type: "TicketOpened",
    ticketId,
    at: at(150_999),
    channel: "web",
    priority: "low",
    requester: { id: "c-2", name: "" },
    subject: "",
    tags: [],
  },
]

/** The n-th event of a long history: the sample shapes in turn, one second apart. */
const nthEvent = (ticketId: string, n: number): TicketEvent => {
  const shapes = sampleEvents(ticketId)
  return { ...(shapes[n % shapes.length] as TicketEvent), at: at(n * 1_000) }
}

const messaged = (ticketId: string, ms: number): TicketEvent => ({
  type: "CustomerMessaged",
  ticketId,
  at: at(ms),
})

type Case = readonly [name: string, program: Effect.Effect<void, unknown, TicketStore>]

const unknownTicket: Case = [
  "load of a ticket never appended to fails with TicketNotFound naming the ticket",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const error = yield* failureOf(store.load("T-404"), 'load("T-404") on an empty store')
    sameError(error, "TicketNotFound", { ticketId: "T-404" }, 'load("T-404") on an empty store')
    yield* store.append("T-40", 0, [messaged("T-40", 0)])
    const near = yield* failureOf(store.load("T-4"), 'load("T-4") while only "T-40" exists')
    sameError(near, "TicketNotFound", { ticketId: "T-4" }, 'load("T-4") while only "T-40" exists')
  }),
]

const createAndLoad: Case = [
  "append at version 0 creates the ticket; load returns every event in order, deep-equal, Dates as Dates",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const events = sampleEvents("T-1")
    const batches = [events.slice(0, 3), events.slice(3, 4), events.slice(4)]
    let version = 0
    for (const [i, batch] of batches.entries()) {
      const appended = yield* store.append("T-1", version, batch)
      version += batch.length
      same(
        appendedOf(appended),
        { version, events: batch, duplicate: false },
        `the result of append #${i + 1} (at version ${version - batch.length})`,
      )
      const loaded = yield* store.load("T-1")
      same(storedOf(loaded), { version, events: events.slice(0, version) }, `load after append #${i + 1}`)
    }
  }),
]

const conflicts: Case = [
  "append at a stale or future version fails with ConcurrencyConflict and appends nothing",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const history = [messaged("T-3", 0), messaged("T-3", 1)]
    yield* store.append("T-3", 0, history)
    const attempts = [
      [1, "append at a stale version (1)"],
      [0, "append at 0 (create) to an existing ticket"],
      [5, "append at a future version (5)"],
    ] as const
    for (const [expectedVersion, what] of attempts) {
      const error = yield* failureOf(store.append("T-3", expectedVersion, [messaged("T-3", 9)]), what)
      sameError(error, "ConcurrencyConflict", { ticketId: "T-3", expectedVersion, actualVersion: 2 }, what)
    }
    const loaded = yield* store.load("T-3")
    same(storedOf(loaded), { version: 2, events: history }, "T-3 after conflicts")
    const what = "append at version 3 to a ticket that does not exist"
    const unborn = yield* failureOf(store.append("T-31", 3, [messaged("T-31", 0)]), what)
    sameError(unborn, "ConcurrencyConflict", { ticketId: "T-31", expectedVersion: 3, actualVersion: 0 }, what)
    const notCreated = yield* failureOf(store.load("T-31"), "load after a conflicting append created nothing")
    sameError(notCreated, "TicketNotFound", { ticketId: "T-31" }, "load after a conflicting append")
  }),
]

const idempotency: Case = [
  "a redelivered idempotency key appends nothing and returns the original result, per ticket",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const a = [messaged("T-5", 0)]
    const first = yield* store.append("T-5", 0, a, { idempotencyKey: "k-1" })
    same(appendedOf(first), { version: 1, events: a, duplicate: false }, "the first append with key k-1")
    const original = { version: 1, events: a, duplicate: true }
    const again = yield* store.append("T-5", 0, a, { idempotencyKey: "k-1" })
    same(appendedOf(again), original, "the same append with key k-1 redelivered")
    yield* store.append("T-5", 1, [messaged("T-5", 1)], { idempotencyKey: "k-2" })
    const late = yield* store.append("T-5", 0, a, { idempotencyKey: "k-1" })
    same(appendedOf(late), original, "k-1 redelivered after another append moved the ticket on")
    const current = yield* store.append("T-5", 2, [messaged("T-5", 2)], { idempotencyKey: "k-1" })
    same(appendedOf(current), original, "k-1 redelivered at the ticket's current version")
    const loaded = yield* store.load("T-5")
    same(loaded.version, 2, "T-5's version after three redeliveries of k-1")
    const elsewhere = yield* store.append("T-6", 0, [messaged("T-6", 0)], { idempotencyKey: "k-1" })
    same(elsewhere.duplicate, false, "k-1 on another ticket (keys are per ticket): duplicate")
    same((yield* store.load("T-6")).version, 1, "T-6's version after its own k-1")
    yield* store.append("T-7", 0, a)
    const unkeyed = yield* store.append("T-7", 1, a)
    const twice = { version: 2, events: a, duplicate: false }
    same(appendedOf(unkeyed), twice, "the second of two identical appends without a key")
    same((yield* store.load("T-7")).events, [...a, ...a], "T-7 after two identical appends without a key")
    yield* failureOf(
      store.append("T-8", 4, a, { idempotencyKey: "k-9" }),
      "a conflicting append with key k-9",
    )
    const retried = yield* store.append("T-8", 0, a, { idempotencyKey: "k-9" })
    same(
      retried.duplicate,
      false,
      "k-9 after its first use conflicted (a failed append uses no key): duplicate",
    )
  }),
]

const emptyAppends: Case = [
  "an append of no events appends nothing and records no key, but answers a known key",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const nothing = yield* store.append("T-20", 0, [], { idempotencyKey: "probe" })
    same(appendedOf(nothing), { version: 0, events: [], duplicate: false }, "an empty append to a new ticket")
    const absent = yield* failureOf(store.load("T-20"), "load after an empty append created nothing")
    sameError(absent, "TicketNotFound", { ticketId: "T-20" }, "load after an empty append")
    const a = [messaged("T-20", 0)]
    const first = yield* store.append("T-20", 0, a, { idempotencyKey: "probe" })
    same(first.duplicate, false, "the key of an empty append was not used up: duplicate")
    const probe = yield* store.append("T-20", 1, [], { idempotencyKey: "probe" })
    same(appendedOf(probe), { version: 1, events: a, duplicate: true }, "an empty append with a known key")
    const fresh = yield* store.append("T-20", 1, [], { idempotencyKey: "other" })
    same(
      appendedOf(fresh),
      { version: 1, events: [], duplicate: false },
      "an empty append with an unknown key",
    )
    yield* store.append("T-20", 1, [messaged("T-20", 1)], { idempotencyKey: "other" })
    same((yield* store.load("T-20")).version, 2, "the key of that empty append was not recorded either")
  }),
]

const copies: Case = [
  "the store keeps its own copy: changing an appended or loaded event does not rewrite history",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const event = messaged("T-21", 0)
    const original = event.at.getTime()
    yield* store.append("T-21", 0, [event])
    event.at.setTime(0)
    const loaded = yield* store.load("T-21")
    same(loaded.events[0]?.at.getTime(), original, "the stored event after the caller changed its Date")
    loaded.events[0]?.at.setTime(1)
    same(
      (yield* store.load("T-21")).events[0]?.at.getTime(),
      original,
      "the stored event after a loaded copy changed",
    )
  }),
]

const isolation: Case = [
  "events of one ticket never appear in another's, even interleaved and with ids sharing a prefix",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const streams = { "T-9": [] as Array<TicketEvent>, "T-90": [] as Array<TicketEvent> }
    for (const i of range(6)) {
      const ticketId = i % 2 === 0 ? "T-9" : "T-90"
      const event = nthEvent(ticketId, i)
      yield* store.append(ticketId, streams[ticketId].length, [event])
      streams[ticketId].push(event)
    }
    for (const [ticketId, events] of Object.entries(streams)) {
      const loaded = yield* store.load(ticketId)
      same(storedOf(loaded), { version: 3, events }, `load("${ticketId}")`)
    }
  }),
]

/** The ticket ids of a claimDue, in its order, after checking that every claim has a token. */
const idsOf = (claims: ReadonlyArray<Claim>, what: string): Array<string> =>
  claims.map((claim, i) => {
    check(
      typeof claim === "object" && claim !== null && typeof claim.ticketId === "string",
      `${what}: claim ${i} is ${render(claim, 0)}, not { ticketId, token }`,
    )
    check(
      typeof claim.token === "string" && claim.token !== "",
      `${what}: the claim on ${claim.ticketId} has token ${render(claim.token, 0)}, not a non-empty string`,
    )
    return claim.ticketId
  })

/** claimDue, answered as ticket ids (the tokens checked). */
const claimIds = (now: number, limit: number, leaseMs: number, what: string) =>
  TicketStore.use((store) => Effect.map(store.claimDue(now, limit, leaseMs), (claims) => idsOf(claims, what)))

const dueOrder: Case = [
  "claimDue hands out tickets due at or before now, most overdue first, ties by id, at most limit",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const dues = { "T-14": 1_000, "T-12": 500, "T-11": 500, "T-15": 1_501, "T-16": 1_000, "T-17": 100 }
    for (const [ticketId, ms] of Object.entries({ ...dues, "T-13": 9_000, "T-18": 1_500 }))
      yield* store.setNextDue(ticketId, T0 + ms, 1)
    yield* store.setNextDue("T-16", undefined, 2)
    yield* store.setNextDue("T-17", T0 + 3_000, 2)
    yield* store.setNextDue("T-13", T0 + 200, 2)
    const now = T0 + 1_500
    const lease = 60_000
    same(yield* claimIds(now, 0, lease, "claimDue with limit 0"), [], "claimDue with limit 0")
    same(
      yield* claimIds(now, 2, lease, "claimDue(now, limit 2)"),
      ["T-13", "T-11"],
      "claimDue(now, limit 2): T-13 (moved to +200)",
    )
    same(
      yield* claimIds(now, 10, lease, "claimDue(now, 10)"),
      ["T-12", "T-14", "T-18"],
      "claimDue(now, 10): the rest due by now (+1500), not T-15 (+1501), T-16 (removed), T-17 (moved to +3000)",
    )
    same(yield* claimIds(T0 + 3_000, 10, lease, "claimDue at +3000"), ["T-15", "T-17"], "claimDue at +3000")
  }),
]

const leases: Case = [
  "a claimed ticket is not handed out again until its claimant releases it or its lease lapses",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const claim = (ms: number) => store.claimDue(T0 + ms, 10, 1_000)
    const ids = (claims: ReadonlyArray<Claim>, what: string) => idsOf(claims, what)
    yield* store.setNextDue("T-21", T0, 1)
    const first = yield* claim(0)
    same(ids(first, "the first claimDue"), ["T-21"], "the first claimDue at +0 (lease 1000 ms)")
    same(ids(yield* claim(0), "claimDue again"), [], "claimDue again at +0, T-21 being claimed")
    same(ids(yield* claim(999), "claimDue at +999"), [], "claimDue at +999, 1 ms before the lease lapses")
    const second = yield* claim(1_000)
    same(ids(second, "claimDue at +1000"), ["T-21"], "claimDue at +1000, when the lease lapses")
    check(
      second[0]!.token !== first[0]!.token,
      `a new claim of T-21 got the token of the lapsed one (${JSON.stringify(first[0]!.token)})`,
    )
    same(
      ids(yield* claim(1_500), "claimDue at +1500"),
      [],
      "claimDue at +1500, T-21 being claimed again until +2000",
    )
    // A command arriving meanwhile moves the due time: the claim stays with its claimant.
    yield* store.setNextDue("T-21", T0 + 1_200, 2)
    same(
      ids(yield* claim(1_600), "claimDue at +1600"),
      [],
      "claimDue at +1600 after setNextDue(T-21, +1200): still claimed",
    )
    yield* store.release("T-21", second[0]!.token)
    const third = yield* claim(1_600)
    same(ids(third, "claimDue after release"), ["T-21"], "claimDue at +1600 after release: due since +1200")
    yield* store.release("T-21", third[0]!.token)
    yield* store.setNextDue("T-21", undefined, 3)
    same(
      ids(yield* claim(10_000), "claimDue long after"),
      [],
      "claimDue long after setNextDue(T-21, undefined)",
    )
  }),
]

const fencing: Case = [
  "a claim's token fences its holder: after the lease lapsed and another worker claimed the ticket, the old token's release, setNextDue and appends change nothing",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const minute = 60_000
    const lease = 5 * minute
    yield* store.append("T-23", 0, [messaged("T-23", 0)])
    yield* store.setNextDue("T-23", T0, 1)
    const [old] = yield* store.claimDue(T0, 10, lease)
    check(old?.ticketId === "T-23", `claimDue at +0 handed out ${render(old, 0)}, not T-23`)
    // The lease lapses at +5 min; another worker claims the ticket at +6 min, until +11 min.
    const [live] = yield* store.claimDue(T0 + 6 * minute, 10, lease)
    check(live?.ticketId === "T-23", `claimDue at +6 min handed out ${render(live, 0)}, not T-23`)
    check(live!.token !== old!.token, "the second claim of T-23 has the first claim's token")
    // The first worker, late, releases, reschedules and records under its old token.
    yield* store.release("T-23", old!.token)
    same(
      yield* claimIds(T0 + 7 * minute, 10, lease, "claimDue at +7 min"),
      [],
      "claimDue at +7 min after a release with the lapsed token (the live claim runs to +11 min)",
    )
    yield* store.setNextDue("T-23", T0 + 100 * minute, 2, old!.token)
    const lost = yield* failureOf(
      store.append("T-23", 1, [messaged("T-23", 1_000)], { idempotencyKey: "late", claim: old!.token }),
      "an append under the lapsed token",
    )
    sameError(lost, "ClaimLost", { ticketId: "T-23", token: old!.token }, "an append under the lapsed token")
    const probe = yield* failureOf(
      store.append("T-23", 1, [], { claim: old!.token }),
      "an empty append under the lapsed token",
    )
    sameError(
      probe,
      "ClaimLost",
      { ticketId: "T-23", token: old!.token },
      "an empty append under the lapsed token",
    )
    same((yield* store.load("T-23")).version, 1, "T-23's version after the refused appends")
    // The live holder's writes go through, its key unused by the refused append.
    const appended = yield* store.append("T-23", 1, [messaged("T-23", 2_000)], {
      idempotencyKey: "late",
      claim: live!.token,
    })
    same([appended.version, appended.duplicate], [2, false], "the live holder's append (version, duplicate)")
    yield* store.setNextDue("T-23", T0 + 20 * minute, 2, live!.token)
    yield* store.release("T-23", live!.token)
    same(
      yield* claimIds(T0 + 19 * minute, 10, lease, "claimDue at +19 min"),
      [],
      "claimDue at +19 min: the live holder set +20 min (the lapsed token's +100 min changed nothing)",
    )
    const [after] = yield* store.claimDue(T0 + 20 * minute, 10, lease)
    check(after?.ticketId === "T-23", `claimDue at +20 min handed out ${render(after, 0)}, not T-23`)
    // A released token is stale too.
    const released = yield* failureOf(
      store.append("T-23", 2, [], { claim: live!.token }),
      "an empty append under a released token",
    )
    sameError(
      released,
      "ClaimLost",
      { ticketId: "T-23", token: live!.token },
      "an empty append under a released token",
    )
    // Appends without a claim (commands) are not fenced.
    same(
      (yield* store.append("T-23", 2, [messaged("T-23", 3_000)])).version,
      3,
      "an unfenced append's version",
    )
  }),
]

const staleDueTimes: Case = [
  "a due time computed from an older version of the ticket never overwrites a fresher one",
  Effect.gen(function* () {
    const store = yield* TicketStore
    yield* store.setNextDue("T-22", T0 + 500, 5)
    yield* store.setNextDue("T-22", T0 + 100, 4)
    same(
      yield* claimIds(T0 + 200, 10, 1_000, "claimDue at +200"),
      [],
      "claimDue at +200 after a stale setNextDue(+100, v4)",
    )
    const [claim] = yield* store.claimDue(T0 + 500, 10, 1_000)
    same(claim?.ticketId, "T-22", "claimDue at +500: the v5 due time holds")
    yield* store.release("T-22", claim!.token)
    yield* store.setNextDue("T-22", undefined, 6)
    yield* store.setNextDue("T-22", T0 + 600, 5)
    same(
      yield* claimIds(T0 + 9_000, 10, 1_000, "claimDue at +9000"),
      [],
      "a stale due time does not bring back a ticket due never",
    )
    yield* store.setNextDue("T-22", T0 + 700, 6)
    same(
      yield* claimIds(T0 + 9_000, 10, 1_000, "claimDue at +9000"),
      ["T-22"],
      "the same version may set it again",
    )
  }),
]

const concurrentClaims: Case = [
  "concurrent claimDue calls hand each due ticket to exactly one worker",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const ids = range(30).map((i) => `T-${100 + i}`)
    for (const [i, ticketId] of ids.entries()) yield* store.setNextDue(ticketId, T0 + i, 1)
    const handedOut = yield* Effect.forEach(
      range(8),
      (w) =>
        Effect.map(store.claimDue(T0 + 1_000, 5, 60_000), (claims) =>
          idsOf(claims, `worker ${w}'s claimDue`),
        ),
      { concurrency: "unbounded" },
    )
    for (const [w, claimed] of handedOut.entries())
      check(claimed.length <= 5, `worker ${w} was handed ${claimed.length} tickets with limit 5: ${claimed}`)
    const all = handedOut.flat()
    const twice = [...new Set(all.filter((id, i) => all.indexOf(id) !== i))]
    check(twice.length === 0, `tickets handed to more than one of 8 concurrent workers: ${twice.join(", ")}`)
    same([...all].sort(), ids, "the tickets 8 concurrent workers × limit 5 were handed (sorted)")
  }),
]

const race = (writers: number): Case => [
  `${writers} concurrent writers on one ticket: exactly one wins each version; no event lost or duplicated`,
  Effect.gen(function* () {
    const store = yield* TicketStore
    const ticketId = "T-race"
    const perWriter = 5
    const total = writers * perWriter
    const writer = (w: number) =>
      Effect.gen(function* () {
        const won: Array<number> = []
        let attempts = 0
        for (const seq of range(perWriter)) {
          const event: TicketEvent = {
            type: "FollowUpSent",
            ticketId,
            at: at(w * 1_000 + seq),
            taskId: `writer-${w}/${seq}`,
            kind: "race",
          }
          for (;;) {
            // A writer loses only to another writer's success, so it needs at most `total` attempts;
            // twice that leaves room for a rare transient conflict (a serialization failure) and
            // still stops a store that invents conflicts from spinning forever.
            check(
              ++attempts <= 2 * total,
              `writer ${w} made ${attempts} attempts, yet the writers append only ${total} events in all`,
            )
            const loaded = yield* Effect.result(store.load(ticketId))
            if (loaded._tag === "Failure" && loaded.failure._tag !== "TicketNotFound")
              return yield* Effect.fail(loaded.failure)
            const version = loaded._tag === "Success" ? loaded.success.version : 0
            yield* Effect.yieldNow
            const appended = yield* Effect.result(store.append(ticketId, version, [event]))
            if (appended._tag === "Success") {
              const { version: after } = appended.success
              check(
                after === version + 1,
                `writer ${w}: append at version ${version} reported version ${after}`,
              )
              won.push(after)
              break
            }
            if (appended.failure._tag !== "ConcurrencyConflict") return yield* Effect.fail(appended.failure)
          }
        }
        return won
      })
    const wins = yield* Effect.forEach(range(writers), writer, { concurrency: "unbounded" })
    const versions = wins.flat().sort((a, b) => a - b)
    same(
      versions,
      range(total).map((v) => v + 1),
      "the versions the successful appends reported (sorted)",
    )
    const loaded = yield* store.load(ticketId)
    same(loaded.version, total, `the version after ${total} appends`)
    const taskIds = loaded.events.map((e) => (e.type === "FollowUpSent" ? e.taskId : e.type))
    for (const [w, won] of wins.entries()) {
      const expected = range(perWriter).map((seq) => `writer-${w}/${seq}`)
      same(
        taskIds.filter((id) => id.startsWith(`writer-${w}/`)),
        expected,
        `writer ${w}'s events in the stream`,
      )
      same(
        won.map((v) => taskIds[v - 1]),
        expected,
        `the events at the versions writer ${w}'s appends reported (${won.join(", ")})`,
      )
    }
  }),
]

const bigAppend: Case = [
  "an append of 1 000 events in one call loads back intact",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const events = range(1_000).map((n) => nthEvent("T-big", n))
    const appended = yield* store.append("T-big", 0, events)
    same(appendedOf(appended), { version: 1_000, events, duplicate: false }, "the append's result")
    const loaded = yield* store.load("T-big")
    same(storedOf(loaded), { version: 1_000, events }, 'load("T-big")')
  }),
]

const longStream: Case = [
  "a stream of 200 appends loads back intact and in order",
  Effect.gen(function* () {
    const store = yield* TicketStore
    const events = range(200).map((n) => nthEvent("T-long", n))
    for (const [n, event] of events.entries()) {
      const appended = yield* store.append("T-long", n, [event])
      same(appended.version, n + 1, `the version after append #${n + 1}`)
    }
    const loaded = yield* store.load("T-long")
    same(storedOf(loaded), { version: 200, events }, 'load("T-long")')
  }),
]

/**
 * Registers the TicketStore contract as test cases: loading, appending at a version, conflicts,
 * idempotency keys, isolation between tickets, due-ticket claims and their leases, concurrent
 * claimers and writers, and large histories. Run it once per adapter; each case gets a fresh
 * store from `makeStore` and rejects with a readable message when the store breaks the contract.
 *
 * @example
 * ```ts
 * import { ticketStoreConformance } from "servicekit/testing"
 *
 * // In a vitest file: ticketStoreConformance("postgres", { describe, it, makeStore: () => myStore() })
 * // Here a describe and an it that only collect the case names:
 * const names: Array<string> = []
 * ticketStoreConformance("memory", {
 *   describe: (_name, body) => body(),
 *   it: (name) => {
 *     names.push(name)
 *   },
 *   makeStore: () => {
 *     throw new Error("not called: collecting names runs no case")
 *   },
 * })
 * names[0] // => "load of a ticket never appended to fails with TicketNotFound naming the ticket"
 * ```
 * @since 0.1.0
 * @category conformance
 */
export const ticketStoreConformance = (adapterName: string, options: ConformanceOptions): void => {
  const writers = options.writers ?? 16
  if (!Number.isInteger(writers) || writers < 2)
    throw new RangeError(
      `options.writers: a race needs an integer of at least 2 writers, received ${writers}`,
    )
  const timeoutMs = options.timeoutMs ?? 30_000
  const cases = [
    unknownTicket,
    createAndLoad,
    conflicts,
    idempotency,
    emptyAppends,
    copies,
    isolation,
    dueOrder,
    leases,
    fencing,
    staleDueTimes,
    concurrentClaims,
    race(writers),
    bigAppend,
    longStream,
  ]
  options.describe(`TicketStore conformance: ${adapterName}`, () => {
    for (const [name, program] of cases) {
      options.it(
        name,
        async () => {
          const layer = await options.makeStore()
          await Effect.runPromise(Effect.provide(program, layer))
        },
        timeoutMs,
      )
    }
  })
}
