// servicekit/postgres on PGlite, embedded Postgres in WASM: the TicketStore conformance suite (in
// the default schema and in a named one), the Desk's storm, then what only a database adds:
// restarts, corrupted rows, racing layers, unique violations from the driver, bad input.
// One PGlite instance serves the whole file (it takes seconds and ~750 MB to start); every test
// starts from truncated tables. PGlite runs one transaction at a time, so races here interleave
// whole transactions: the row locks and SKIP LOCKED themselves are exercised only on a server
// (test/postgres-server/).
import { PGlite } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Result from "effect/Result"
import { TestClock } from "effect/testing"
import { Calendar, Desk, FollowUp, ServiceLevel, type Ticket } from "servicekit"
import {
  InvalidPostgresInput,
  migrate,
  type PostgresOptions,
  postgresStore,
  type SqlClient,
} from "servicekit/postgres"
import { ticketStoreConformance } from "servicekit/testing"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { expectIntact, storm } from "../desk/storm.js"

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let pglite: PGlite | undefined
const database = (): PGlite => {
  if (pglite === undefined) throw new Error("the PGlite instance is created in beforeAll")
  return pglite
}

const inSchema: PostgresOptions = { schema: "servicekit" }

beforeAll(async () => {
  pglite = await PGlite.create()
  await migrate(pglite)
  await migrate(pglite, inSchema)
})

afterAll(async () => {
  await pglite?.close()
})

const emptyDatabase = async (schema = "public"): Promise<PGlite> => {
  const db = database()
  const tables = ["tickets", "ticket_events", "ticket_appends", "ticket_due"]
  await db.exec(`TRUNCATE ${tables.map((table) => `"${schema}".${table}`).join(", ")}`)
  return db
}

ticketStoreConformance("postgres (PGlite)", {
  describe,
  it,
  makeStore: async () => postgresStore(await emptyDatabase()),
})

ticketStoreConformance("postgres (PGlite), tables in a schema of their own", {
  describe,
  it,
  makeStore: async () => postgresStore(await emptyDatabase("servicekit"), inSchema),
})

const T0 = Date.UTC(2025, 5, 3, 8, 0)
const standard = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
})
const messaged = (ticketId: string, ms: number): Ticket.TicketEvent => ({
  type: "CustomerMessaged",
  ticketId,
  at: new Date(T0 + ms),
})

const run = <A, E>(
  layer: Layer.Layer<Desk.TicketStore>,
  use: (store: Desk.TicketStore["Service"]) => Effect.Effect<A, E>,
) => Effect.runPromise(Effect.result(Desk.TicketStore.use(use).pipe(Effect.provide(layer))))

/** The reason of a StoreFailure, or "" for any other outcome. */
const reasonOf = (result: Result.Result<unknown, { readonly _tag: string }>): string =>
  result._tag === "Failure" && result.failure instanceof Desk.StoreFailure ? result.failure.reason : ""

describe("postgresStore", () => {
  it("a redelivered idempotent append after a restart (new layer, same database) returns the original result", async () => {
    const db = await emptyDatabase()
    const first = [messaged("T-1", 0), messaged("T-1", 1)]
    await run(postgresStore(db), (store) => store.append("T-1", 0, first, { idempotencyKey: "msg-1" }))
    await run(postgresStore(db), (store) => store.append("T-1", 2, [messaged("T-1", 2)]))

    const afterRestart = await run(postgresStore(db), (store) =>
      store.append("T-1", 0, first, { idempotencyKey: "msg-1" }),
    )
    expect(afterRestart).toMatchObject({
      _tag: "Success",
      success: { version: 2, events: first, duplicate: true },
    })
    const loaded = await run(postgresStore(db), (store) => store.load("T-1"))
    expect(loaded).toMatchObject({ _tag: "Success", success: { version: 3 } })
  })

  it("an append of no events (the Desk's key probe) stores nothing and records no key", async () => {
    const db = await emptyDatabase()
    const store = postgresStore(db)
    const probeUnborn = await run(store, (s) => s.append("T-9", 0, [], { idempotencyKey: "k" }))
    expect(probeUnborn).toMatchObject({
      _tag: "Success",
      success: { version: 0, events: [], duplicate: false },
    })
    expect(await run(store, (s) => s.load("T-9"))).toMatchObject({
      _tag: "Failure",
      failure: { _tag: "TicketNotFound" },
    })
    await run(store, (s) => s.append("T-9", 0, [messaged("T-9", 0)]))
    const probe = await run(store, (s) => s.append("T-9", 1, [], { idempotencyKey: "k" }))
    expect(probe).toMatchObject({ _tag: "Success", success: { version: 1, events: [], duplicate: false } })
    const real = await run(store, (s) => s.append("T-9", 1, [messaged("T-9", 1)], { idempotencyKey: "k" }))
    expect(real).toMatchObject({ _tag: "Success", success: { version: 2, duplicate: false } })
    const again = await run(store, (s) => s.append("T-9", 2, [], { idempotencyKey: "k" }))
    expect(again).toMatchObject({
      _tag: "Success",
      success: { version: 2, events: [messaged("T-9", 1)], duplicate: true },
    })
  })

  it("a stored row that is not a valid event fails load (and a redelivery over it) with StoreFailure naming ticket and version", async () => {
    const db = await emptyDatabase()
    const store = postgresStore(db)
    await run(store, (s) =>
      s.append("T-7", 0, [messaged("T-7", 0), messaged("T-7", 1)], { idempotencyKey: "k" }),
    )
    await db.query("UPDATE ticket_events SET event = $1::jsonb WHERE ticket_id = 'T-7' AND version = 2", [
      JSON.stringify({ type: "CustomerMessaged", ticketId: "T-7", at: "yesterday" }),
    ])

    const loaded = await run(store, (s) => s.load("T-7"))
    expect(loaded).toMatchObject({ _tag: "Failure", failure: { _tag: "StoreFailure", operation: "load" } })
    const reason = reasonOf(loaded)
    expect(reason).toContain('ticket "T-7"')
    expect(reason).toContain("version 2")
    expect(reason).toContain("at:")

    const redelivered = await run(store, (s) =>
      s.append("T-7", 0, [messaged("T-7", 0)], { idempotencyKey: "k" }),
    )
    expect(redelivered).toMatchObject({
      _tag: "Failure",
      failure: { _tag: "StoreFailure", operation: "append" },
    })
    expect(reasonOf(redelivered)).toContain("version 2")
  })

  it("two layers over the same database racing to create a ticket: one wins, the other gets ConcurrencyConflict", async () => {
    const db = await emptyDatabase()
    const [a, b] = [postgresStore(db), postgresStore(db)]
    const results = await Promise.all([
      run(a, (s) => s.append("T-2", 0, [messaged("T-2", 0)])),
      run(b, (s) => s.append("T-2", 0, [messaged("T-2", 1)])),
    ])
    const winners = results.filter((r) => r._tag === "Success")
    const losers = results.flatMap((r) => (r._tag === "Failure" ? [r.failure] : []))
    expect(winners).toHaveLength(1)
    expect(losers).toEqual([
      new Desk.ConcurrencyConflict({ ticketId: "T-2", expectedVersion: 0, actualVersion: 1 }),
    ])
  })

  it("a unique violation from the database maps to ConcurrencyConflict with the version re-read, not StoreFailure", async () => {
    const db = await emptyDatabase()
    await run(postgresStore(db), (s) => s.append("T-3", 0, [messaged("T-3", 0)]))
    // A writer that read version 1 before another committed version 2, and whose head-row lock
    // did not protect it (say a writer that bypassed the `tickets` row): its INSERT of version 2
    // meets the primary key of ticket_events.
    const raced = await run(postgresStore(db), (s) => s.append("T-3", 1, [messaged("T-3", 1)]))
    expect(raced._tag).toBe("Success")
    const result = await run(postgresStore(staleHead(db, 1)), (s) => s.append("T-3", 1, [messaged("T-3", 9)]))
    expect(result).toMatchObject({
      _tag: "Failure",
      failure: { _tag: "ConcurrencyConflict", ticketId: "T-3", expectedVersion: 1, actualVersion: 2 },
    })
    const loaded = await run(postgresStore(db), (s) => s.load("T-3"))
    expect(loaded).toMatchObject({
      _tag: "Success",
      success: { version: 2, events: [messaged("T-3", 0), messaged("T-3", 1)] },
    })
  })

  it("an event that would not read back from JSON (a Date after year 9999) fails the append and stores nothing", async () => {
    const db = await emptyDatabase()
    const farFuture = { ...messaged("T-4", 0), at: new Date(Date.UTC(10_000, 0, 1)) }
    const result = await run(postgresStore(db), (s) => s.append("T-4", 0, [messaged("T-4", 0), farFuture]))
    expect(result).toMatchObject({ _tag: "Failure", failure: { _tag: "StoreFailure", operation: "append" } })
    expect(reasonOf(result)).toContain('ticket "T-4": the event for version 2')
    const loaded = await run(postgresStore(db), (s) => s.load("T-4"))
    expect(loaded).toMatchObject({ _tag: "Failure", failure: { _tag: "TicketNotFound" } })
  })

  it("the Desk runs over it: a redelivered command is answered from the store, a tick claims the ticket", async () => {
    const db = await emptyDatabase()
    const sink = Desk.recordingSink()
    const live = Desk.Desk.layer({ serviceLevel: standard }).pipe(
      Layer.provide(Layer.mergeAll(postgresStore(db), sink.layer)),
    )
    const open = {
      type: "OpenTicket",
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
    } as const
    const program = Effect.gen(function* () {
      const desk = yield* Desk.Desk
      yield* TestClock.setTime(T0)
      const first = yield* desk.execute("T-10", open, { idempotencyKey: "msg-1" })
      const again = yield* desk.execute("T-10", open, { idempotencyKey: "msg-1" })
      yield* TestClock.setTime(T0 + 20 * 60_000)
      const report = yield* desk.tick()
      const view = yield* desk.status("T-10")
      return { first, again, claimed: report.claimed, sent: report.sent.length, version: view.version }
    })
    const result = await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(live, TestClock.layer()))))
    expect(result).toMatchObject({
      first: { version: 1, duplicate: false },
      again: { version: 1, duplicate: true },
      claimed: ["T-10"],
      sent: 1,
      version: 2,
    })
    expect(sink.sent().map((task) => task.kind)).toEqual(["acknowledge"])
  })

  it("driver errors become StoreFailure naming the operation, the message and the SQLSTATE", async () => {
    const db = await emptyDatabase()
    const result = await run(postgresStore(db), (s) => s.setNextDue("T-5", 1.5, 1))
    expect(result).toMatchObject({
      _tag: "Failure",
      failure: { _tag: "StoreFailure", operation: "setNextDue" },
    })
    expect(reasonOf(result)).toMatch(/bigint.*\(SQLSTATE 22P02\)/)
  })

  it("keeps to its schema: tickets in one schema are not seen through the other", async () => {
    await emptyDatabase()
    const db = await emptyDatabase("servicekit")
    await run(postgresStore(db, inSchema), (s) => s.append("T-11", 0, [messaged("T-11", 0)]))
    await run(postgresStore(db, inSchema), (s) => s.setNextDue("T-11", T0, 1))
    expect(await run(postgresStore(db), (s) => s.load("T-11"))).toMatchObject({
      _tag: "Failure",
      failure: { _tag: "TicketNotFound" },
    })
    expect(await run(postgresStore(db), (s) => s.claimDue(T0, 10, 60_000))).toMatchObject({
      _tag: "Success",
      success: [],
    })
    expect(await run(postgresStore(db, inSchema), (s) => s.claimDue(T0, 10, 60_000))).toMatchObject({
      _tag: "Success",
      success: [{ ticketId: "T-11" }],
    })
  })

  it("a schema that was never migrated: every operation fails with StoreFailure naming the missing table", async () => {
    const result = await run(postgresStore(database(), { schema: "never_migrated" }), (s) => s.load("T-1"))
    expect(result).toMatchObject({ _tag: "Failure", failure: { _tag: "StoreFailure", operation: "load" } })
    expect(reasonOf(result)).toMatch(/never_migrated.*does not exist.*\(SQLSTATE 42P01\)/)
  })
})

describe("postgresStore on bad input: a tagged error naming the argument, at once", () => {
  const thrown = (make: () => unknown): unknown => {
    try {
      make()
    } catch (error) {
      return error
    }
    return undefined
  }
  it.each([
    ["db", () => postgresStore(undefined as unknown as SqlClient)],
    ["db", () => postgresStore("postgres://localhost/db" as unknown as SqlClient)],
    ["db.transaction", () => postgresStore({ query: async () => ({ rows: [] }) } as unknown as SqlClient)],
    ["options", () => postgresStore(database(), "servicekit" as PostgresOptions)],
    ["options.schema", () => postgresStore(database(), { schema: "Service-Kit" })],
    ["options.schema", () => postgresStore(database(), { schema: "x; DROP TABLE tickets" })],
    ["options.schema", () => postgresStore(database(), { schema: "pg_catalog" })],
    ["options.schema", () => postgresStore(database(), { schema: "a".repeat(64) })],
    ["options.schema", () => postgresStore(database(), { schema: 7 } as unknown as PostgresOptions)],
    ["options.schemas", () => postgresStore(database(), { schemas: "x" } as PostgresOptions)],
  ])("%s", (field, make) => {
    const error = thrown(make)
    expect(error).toBeInstanceOf(InvalidPostgresInput)
    expect(error).toMatchObject({ _tag: "InvalidPostgresInput", field })
  })

  it("accepts a reserved word as a schema name (it is quoted)", () => {
    expect(() => postgresStore(database(), { schema: "user" })).not.toThrow()
  })
})

describe("Desk reliability on Postgres (PGlite): 10 000 commands from concurrent fibers over 1 000 tickets", () => {
  it("the final event counts equal the accepted commands; no event lost or duplicated", async () => {
    const store = postgresStore(await emptyDatabase())
    const live = Layer.merge(
      Desk.Desk.layer({ serviceLevel: standard, maxAttempts: 1_000 }).pipe(
        Layer.provide(Layer.merge(store, Desk.recordingSink().layer)),
      ),
      store,
    )
    const program = Effect.flatMap(TestClock.setTime(T0), () => storm(32))
    expectIntact(await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(live, TestClock.layer())))))
  }, 300_000)
})

/**
 * A SqlClient whose transactions see the ticket's head row at `version`, whatever it holds: the
 * adapter then writes at a version another writer already stored, as a writer that bypassed the
 * head lock would, and Postgres answers with a unique violation (23505).
 */
const staleHead = (db: SqlClient, version: number): SqlClient => ({
  query: (sql, params) => db.query(sql, params),
  transaction: (fn) =>
    db.transaction((tx) =>
      fn({
        query: (sql, params) =>
          sql.startsWith("SELECT version FROM tickets")
            ? tx.query(sql, params).then(() => ({ rows: [{ version }] }))
            : tx.query(sql, params),
      }),
    ),
})
