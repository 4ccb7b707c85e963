// The driver bindings: fromPg (node-postgres) and fromPostgresJs (postgres.js), each over a fake of
// the driver's shape on PGlite, so that what they send (BEGIN … COMMIT / ROLLBACK) and how they hand
// the connection back is visible; and the real drivers' types against the shapes. Against a real
// server they run in test/postgres-server/.
import { PGlite } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type pg from "pg"
import type postgres from "postgres"
import { Desk, type Ticket } from "servicekit"
import {
  fromPg,
  fromPostgresJs,
  InvalidPostgresInput,
  migrate,
  type PgPoolLike,
  type PostgresJsLike,
  type PostgresJsQueryable,
  postgresStore,
  type SqlClient,
  type SqlQueryable,
} from "servicekit/postgres"
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from "vitest"

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let pglite: PGlite | undefined
beforeAll(async () => {
  pglite = await PGlite.create()
  await migrate(pglite)
})
afterAll(async () => {
  await pglite?.close()
})

const emptyDatabase = async (): Promise<PGlite> => {
  if (pglite === undefined) throw new Error("the PGlite instance is created in beforeAll")
  await pglite.exec("TRUNCATE tickets, ticket_events, ticket_appends, ticket_due")
  return pglite
}

const T0 = Date.UTC(2025, 5, 3, 8, 0)
const messaged = (ticketId: string, ms: number): Ticket.TicketEvent => ({
  type: "CustomerMessaged",
  ticketId,
  at: new Date(T0 + ms),
})
const run = <A, E>(
  layer: Layer.Layer<Desk.TicketStore>,
  use: (store: Desk.TicketStore["Service"]) => Effect.Effect<A, E>,
) => Effect.runPromise(Effect.result(Desk.TicketStore.use(use).pipe(Effect.provide(layer))))

describe("fromPg (node-postgres), over a one-connection pool on PGlite", () => {
  const begin = "BEGIN ISOLATION LEVEL READ COMMITTED"

  it("commits a transaction on one checked-out client and returns it to the pool", async () => {
    const db = await emptyDatabase()
    const pool = onePool(db)
    const store = postgresStore(fromPg(pool))
    const appended = await run(store, (s) =>
      s.append("T-6", 0, [messaged("T-6", 0)], { idempotencyKey: "k" }),
    )
    expect(appended).toMatchObject({ _tag: "Success", success: { version: 1, duplicate: false } })
    const loaded = await run(postgresStore(db), (s) => s.load("T-6"))
    expect(loaded).toMatchObject({ _tag: "Success", success: { version: 1 } })
    expect(pool.log).toEqual([begin, "COMMIT", "released"])
  })

  it("rolls back when the callback throws, rejects with its error, and releases the client", async () => {
    const db = await emptyDatabase()
    const pool = onePool(db)
    const boom = new Error("boom")
    await expect(
      fromPg(pool).transaction(async (tx) => {
        await tx.query("INSERT INTO ticket_due (ticket_id, due_at) VALUES ('T-8', 1)")
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(pool.log).toEqual([begin, "ROLLBACK", "released"])
    expect((await db.query("SELECT * FROM ticket_due")).rows).toEqual([])
  })

  it("rolls back when the COMMIT fails, and rejects with the COMMIT's error", async () => {
    const db = await emptyDatabase()
    const pool = onePool(db, "COMMIT")
    await expect(fromPg(pool).transaction(async () => 1)).rejects.toThrow("COMMIT failed")
    expect(pool.log).toEqual([begin, "COMMIT", "ROLLBACK", "released"])
  })

  it("destroys a client whose ROLLBACK failed instead of returning it to the pool", async () => {
    const db = await emptyDatabase()
    const pool = onePool(db, "ROLLBACK")
    await expect(
      fromPg(pool).transaction(async () => {
        throw new Error("boom")
      }),
    ).rejects.toThrow("boom")
    expect(pool.log).toEqual([begin, "ROLLBACK", "destroyed"])
    await db.query("ROLLBACK")
  })

  it("migrate and the store's statements run through it", async () => {
    const db = await emptyDatabase()
    const client = fromPg(onePool(db))
    expect(await migrate(client)).toEqual({ applied: [], version: 2 })
    await run(postgresStore(client), (s) => s.setNextDue("T-1", T0, 1))
    const claimed = await run(postgresStore(client), (s) => s.claimDue(T0, 10, 60_000))
    expect(claimed).toMatchObject({ _tag: "Success", success: [{ ticketId: "T-1" }] })
  })

  it("refuses what is not a pool, naming it", () => {
    expect(() => fromPg(null as unknown as PgPoolLike)).toThrow(InvalidPostgresInput)
    expect(() => fromPg({ query: async () => ({ rows: [] }) } as unknown as PgPoolLike)).toThrow(
      expect.objectContaining({ _tag: "InvalidPostgresInput", field: "pool.connect" }),
    )
  })
})

describe("fromPostgresJs (postgres.js), over a fake of its shape on PGlite", () => {
  it("runs the store: queries through unsafe(text, params), transactions through begin with READ COMMITTED", async () => {
    const db = await emptyDatabase()
    const sql = fakePostgresJs(db)
    const store = postgresStore(fromPostgresJs(sql))
    const first = await run(store, (s) => s.append("T-1", 0, [messaged("T-1", 0)], { idempotencyKey: "k" }))
    const again = await run(store, (s) => s.append("T-1", 0, [messaged("T-1", 0)], { idempotencyKey: "k" }))
    const loaded = await run(store, (s) => s.load("T-1"))
    expect(first).toMatchObject({ _tag: "Success", success: { version: 1, duplicate: false } })
    expect(again).toMatchObject({ _tag: "Success", success: { version: 1, duplicate: true } })
    expect(loaded).toMatchObject({ _tag: "Success", success: { version: 1, events: [messaged("T-1", 0)] } })
    expect(sql.log.filter((line) => line.startsWith("begin"))).toEqual([
      "begin ISOLATION LEVEL READ COMMITTED",
      "begin ISOLATION LEVEL READ COMMITTED",
    ])
    expect(sql.log).toContain("commit")
  })

  it("answers rows as a plain array, copied from postgres.js's RowList", async () => {
    const db = await emptyDatabase()
    const { rows } = await fromPostgresJs(fakePostgresJs(db)).query("SELECT $1::int AS n", [7])
    expect(Array.isArray(rows)).toBe(true)
    expect(rows).toEqual([{ n: 7 }])
    expect(Object.keys(rows)).toEqual(["0"])
  })

  it("rejects with the callback's error when the transaction fails (postgres.js rolls back)", async () => {
    const db = await emptyDatabase()
    const sql = fakePostgresJs(db)
    const boom = new Error("boom")
    await expect(
      fromPostgresJs(sql).transaction(async (tx) => {
        await tx.query("INSERT INTO ticket_due (ticket_id, due_at) VALUES ('T-8', 1)")
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(sql.log.at(-1)).toBe("rollback")
    expect((await db.query("SELECT * FROM ticket_due")).rows).toEqual([])
  })

  it("passes no parameters as an empty list, as postgres.js's unsafe expects", async () => {
    const db = await emptyDatabase()
    const seen: Array<unknown> = []
    const sql = fakePostgresJs(db, (params) => seen.push(params))
    await fromPostgresJs(sql).query("SELECT 1")
    expect(seen).toEqual([[]])
  })

  it("refuses what is not a postgres.js instance, naming it", () => {
    expect(() => fromPostgresJs(undefined as unknown as PostgresJsLike)).toThrow(
      expect.objectContaining({ _tag: "InvalidPostgresInput", field: "sql" }),
    )
    expect(() => fromPostgresJs({ unsafe: async () => [] } as unknown as PostgresJsLike)).toThrow(
      expect.objectContaining({ _tag: "InvalidPostgresInput", field: "sql.begin" }),
    )
  })
})

describe("the shapes accept the real drivers' types", () => {
  it("node-postgres's Pool, postgres.js's Sql (with and without BigInt int8) and PGlite", () => {
    expectTypeOf<pg.Pool>().toExtend<PgPoolLike>()
    expectTypeOf<postgres.Sql>().toExtend<PostgresJsLike>()
    expectTypeOf<postgres.Sql<{ bigint: bigint }>>().toExtend<PostgresJsLike>()
    expectTypeOf<postgres.TransactionSql>().toExtend<PostgresJsQueryable>()
    expectTypeOf<PGlite>().toExtend<SqlClient>()
    expectTypeOf(fromPg).returns.toEqualTypeOf<SqlClient>()
    expectTypeOf(fromPostgresJs).returns.toEqualTypeOf<SqlClient>()
  })
})

/**
 * A node-postgres-like pool of one connection over PGlite (one session): a checked-out client has
 * the session to itself until released. `failOn` makes that statement fail, as a broken
 * connection would. `log` records the transaction statements and how clients came back.
 */
const onePool = (db: PGlite, failOn?: string): PgPoolLike & { readonly log: Array<string> } => {
  const log: Array<string> = []
  let free: Promise<void> = Promise.resolve()
  const checkOut = async () => {
    const previous = free
    let release = () => {}
    free = new Promise((resolve) => {
      release = resolve
    })
    await previous
    return release
  }
  const query: SqlQueryable["query"] = async (sql, params) => {
    if (/^(BEGIN|COMMIT|ROLLBACK)\b/.test(sql)) log.push(sql)
    if (sql === failOn) throw new Error(`${sql} failed: connection lost`)
    return db.query(sql, params)
  }
  return {
    log,
    connect: async () => {
      const release = await checkOut()
      return {
        query,
        release: (destroy?: Error | boolean) => {
          log.push(destroy === undefined || destroy === false ? "released" : "destroyed")
          release()
        },
      }
    },
    query: async (sql, params) => {
      const release = await checkOut()
      try {
        return await query(sql, params)
      } finally {
        release()
      }
    },
  }
}

/**
 * A postgres.js-like `sql` over PGlite: `unsafe` answers an array of rows with a `count` property
 * (as postgres.js's RowList does), `begin(options, fn)` runs `fn` in a transaction and rolls back
 * and rejects with its error when it throws, as postgres.js does. `log` records begin, commit and
 * rollback.
 */
const fakePostgresJs = (
  db: PGlite,
  onParams: (params: unknown) => void = () => {},
): PostgresJsLike & { readonly log: Array<string> } => {
  const log: Array<string> = []
  const unsafeOn =
    (on: Pick<SqlQueryable, "query">) =>
    async (text: string, params?: Array<never>): Promise<ReadonlyArray<object>> => {
      onParams(params)
      const { rows } = await on.query(text, params)
      return Object.assign([...rows], { count: rows.length, command: "SELECT" })
    }
  return {
    log,
    unsafe: unsafeOn(db),
    begin: async <T>(options: string, fn: (tx: PostgresJsQueryable) => Promise<T>) => {
      log.push(`begin ${options}`)
      try {
        const result = await db.transaction((tx) => fn({ unsafe: unsafeOn(tx) }))
        log.push("commit")
        return result
      } catch (error) {
        log.push("rollback")
        throw error
      }
    },
  }
}
