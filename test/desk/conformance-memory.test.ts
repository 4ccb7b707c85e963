import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import { memoryStore } from "../../src/desk/memory.js"
import { TicketStore } from "../../src/desk/store.js"
import { ticketStoreConformance } from "../../src/testing/conformance.js"

ticketStoreConformance("memory", { describe, it, makeStore: () => memoryStore() })

type Store = typeof TicketStore.Service

/** memoryStore with some operations replaced: a store that breaks the contract on purpose. */
const tampered = (patch: (inner: Store) => Partial<Store>): Layer.Layer<TicketStore> =>
  Layer.effect(
    TicketStore,
    Effect.gen(function* () {
      const inner = yield* TicketStore
      return TicketStore.of({ ...inner, ...patch(inner) })
    }),
  ).pipe(Layer.provide(memoryStore()))

/** Appends at whatever version the ticket is at: last writer wins, conflicts never happen. */
const ignoresExpectedVersion = tampered((inner) => ({
  append: (ticketId, _expectedVersion, events, options) =>
    inner.load(ticketId).pipe(
      Effect.map((stored) => stored.version),
      Effect.catchTag("TicketNotFound", () => Effect.succeed(0)),
      Effect.flatMap((version) => inner.append(ticketId, version, events, options)),
    ),
}))

/** Claims lapse at once, so a claimed ticket is handed out again to the next caller. */
const forgetsClaims = tampered((inner) => ({
  claimDue: (now, limit) => inner.claimDue(now, limit, 0),
}))

/** Claims without fencing: any release ends the ticket's claim, and writes ignore the token. */
const ignoresTokens = Layer.effect(
  TicketStore,
  Effect.gen(function* () {
    const inner = yield* TicketStore
    const latest = new Map<string, string>()
    return TicketStore.of({
      ...inner,
      claimDue: (now, limit, leaseMs) =>
        Effect.map(inner.claimDue(now, limit, leaseMs), (claims) => {
          for (const c of claims) latest.set(c.ticketId, c.token)
          return claims
        }),
      release: (ticketId) => inner.release(ticketId, latest.get(ticketId) ?? ""),
      setNextDue: (ticketId, at, version) => inner.setNextDue(ticketId, at, version),
      append: (ticketId, expectedVersion, events, options) =>
        inner.append(ticketId, expectedVersion, events, { idempotencyKey: options?.idempotencyKey }),
    })
  }),
).pipe(Layer.provide(memoryStore()))

/** Runs every case of the suite against the store; the message of each case that rejected, by name. */
const outcomes = async (makeStore: () => Layer.Layer<TicketStore>) => {
  const cases: Array<{ readonly name: string; readonly body: () => Promise<void> }> = []
  let suite = ""
  ticketStoreConformance("tampered", {
    describe: (name, body) => {
      suite = name
      body()
    },
    it: (name, body) => {
      cases.push({ name, body })
    },
    makeStore,
    writers: 4,
  })
  const failed = new Map<string, string>()
  for (const { name, body } of cases)
    await body().catch((error: unknown) =>
      failed.set(name, error instanceof Error ? error.message : String(error)),
    )
  const named = (fragment: string): string => {
    const name = cases.map((c) => c.name).find((n) => n.includes(fragment))
    if (name === undefined) throw new Error(`no case named like ${JSON.stringify(fragment)}`)
    return name
  }
  return { suite, count: cases.length, failed, named }
}

describe("the TicketStore conformance suite", () => {
  it("registers its cases under one describe named after the adapter, and memoryStore passes them all", async () => {
    const { suite, count, failed } = await outcomes(() => memoryStore())
    expect(suite).toBe("TicketStore conformance: tampered")
    expect(count).toBe(15)
    expect([...failed]).toEqual([])
  })

  it("fails a store whose append ignores expectedVersion, in the conflict, idempotency and race cases", async () => {
    const { failed, named } = await outcomes(() => ignoresExpectedVersion)
    expect([...failed.keys()].sort()).toEqual(
      [named("stale or future version"), named("idempotency key"), named("concurrent writers")].sort(),
    )
    expect(failed.get(named("stale or future version"))).toMatch(
      /append at a stale version \(1\): expected a failure/,
    )
    expect(failed.get(named("concurrent writers"))).toMatch(/append at version \d+ reported version \d+/)
  })

  it("fails a store whose claimDue hands out claimed tickets, in the claim cases", async () => {
    const { failed, named } = await outcomes(() => forgetsClaims)
    expect([...failed.keys()].sort()).toEqual(
      [
        named("most overdue first"),
        named("lease lapses"),
        named("exactly one worker"),
        named("fences its holder"),
      ].sort(),
    )
    expect(failed.get(named("exactly one worker"))).toMatch(
      /tickets handed to more than one of 8 concurrent workers/,
    )
    expect(failed.get(named("lease lapses"))).toMatch(/claimDue again at \+0, T-21 being claimed differ/)
  })

  it("fails a store whose claims have no fencing, in the fencing case only", async () => {
    const { failed, named } = await outcomes(() => ignoresTokens)
    expect([...failed.keys()]).toEqual([named("fences its holder")])
    expect(failed.get(named("fences its holder"))).toMatch(
      /claimDue at \+7 min after a release with the lapsed token \(the live claim runs to \+11 min\) differ/,
    )
  })

  it("refuses a race with fewer than 2 writers", () => {
    expect(() =>
      ticketStoreConformance("memory", {
        describe: () => {},
        it: () => {},
        makeStore: () => memoryStore(),
        writers: 1,
      }),
    ).toThrow(RangeError)
  })
})
