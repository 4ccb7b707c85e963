// migrate and the migrations on PGlite: a fresh database, a second run, a database made by the
// example adapter of servicekit 0.2 (before and after its claim tokens), many runs at once, a
// failing migration, bad input. One PGlite instance; each test works in a schema of its own.
import { PGlite } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import { Desk } from "servicekit"
import {
  InvalidPostgresInput,
  MigrationFailed,
  migrate,
  migrations,
  postgresStore,
  type SqlClient,
} from "servicekit/postgres"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let pglite: PGlite | undefined
const database = (): PGlite => {
  if (pglite === undefined) throw new Error("the PGlite instance is created in beforeAll")
  return pglite
}
beforeAll(async () => {
  pglite = await PGlite.create()
})
afterAll(async () => {
  await pglite?.close()
})

const both = [
  { version: 1, name: "tickets, events, idempotency keys and due times" },
  { version: 2, name: "claim fencing tokens" },
]

/** The tables, columns and sequences of one schema, as the catalog has them. */
const shapeOf = async (schema: string) => {
  const { rows } = await database().query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schema],
  )
  const sequences = await database().query<{ sequence_name: string }>(
    "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = $1",
    [schema],
  )
  const tables: Record<string, Array<string>> = {}
  for (const row of rows) tables[row.table_name] = [...(tables[row.table_name] ?? []), row.column_name]
  return { tables, sequences: sequences.rows.map((row) => row.sequence_name) }
}

const recorded = async (schema: string) =>
  (
    await database().query<{ version: number; name: string; applied: boolean }>(
      `SELECT version, name, applied_at IS NOT NULL AS applied FROM "${schema}".servicekit_migrations ORDER BY version`,
    )
  ).rows

const current = {
  tables: {
    servicekit_migrations: ["version", "name", "applied_at"],
    ticket_appends: ["ticket_id", "idempotency_key", "first_version", "version_after"],
    ticket_due: ["ticket_id", "due_at", "as_of", "claimed_until", "claim_token"],
    ticket_events: ["ticket_id", "version", "event"],
    tickets: ["ticket_id", "version"],
  },
  sequences: ["ticket_claim_tokens"],
}

/** The example adapter's schema.sql (servicekit 0.2), before it had claim tokens. */
const exampleSchemaBeforeFencing = `
CREATE TABLE IF NOT EXISTS tickets (
  ticket_id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL CHECK (version >= 0)
);
CREATE TABLE IF NOT EXISTS ticket_events (
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (ticket_id),
  version integer NOT NULL CHECK (version >= 1),
  event jsonb NOT NULL,
  PRIMARY KEY (ticket_id, version)
);
CREATE TABLE IF NOT EXISTS ticket_appends (
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (ticket_id),
  idempotency_key text NOT NULL,
  first_version integer NOT NULL,
  version_after integer NOT NULL,
  PRIMARY KEY (ticket_id, idempotency_key),
  CHECK (first_version >= 1 AND version_after >= first_version)
);
CREATE TABLE IF NOT EXISTS ticket_due (
  ticket_id text COLLATE "C" PRIMARY KEY,
  due_at bigint,
  as_of integer NOT NULL DEFAULT 0,
  claimed_until bigint
);
CREATE INDEX IF NOT EXISTS ticket_due_due_at ON ticket_due (due_at, ticket_id);
`
/** The example adapter's last schema.sql: the same, then its claim tokens. */
const exampleSchemaWithFencing = `${exampleSchemaBeforeFencing}
ALTER TABLE ticket_due ADD COLUMN IF NOT EXISTS claim_token bigint;
CREATE SEQUENCE IF NOT EXISTS ticket_claim_tokens;
`

/** A database as the example's migrate left it, in `schema`, holding one ticket with a due time. */
const exampleDatabase = async (schema: string, sql: string) => {
  const event = {
    type: "TicketOpened",
    ticketId: "T-1",
    at: "2025-06-03T08:00:00.000Z",
    channel: "email",
    priority: "normal",
    requester: { id: "c-1" },
  }
  await database().exec(`
    CREATE SCHEMA ${schema};
    SET search_path TO ${schema};
    ${sql}
    INSERT INTO tickets VALUES ('T-1', 1);
    INSERT INTO ticket_events VALUES ('T-1', 1, '${JSON.stringify(event)}');
    INSERT INTO ticket_due (ticket_id, due_at, as_of) VALUES ('T-1', 1000, 1);
    RESET search_path;
  `)
}

describe("migrate", () => {
  it("on a fresh database applies every migration in order, records them, and makes the current schema", async () => {
    const db = database()
    expect(await migrate(db, { schema: "fresh" })).toEqual({ applied: both, version: 2 })
    expect(await recorded("fresh")).toEqual(both.map((m) => ({ ...m, applied: true })))
    expect(await shapeOf("fresh")).toEqual(current)
  })

  it("run again, applies nothing and changes nothing", async () => {
    const db = database()
    await migrate(db, { schema: "twice" })
    const before = await database().query('SELECT * FROM "twice".servicekit_migrations ORDER BY version')
    expect(await migrate(db, { schema: "twice" })).toEqual({ applied: [], version: 2 })
    expect(await migrate(db, { schema: "twice" })).toEqual({ applied: [], version: 2 })
    const after = await database().query('SELECT * FROM "twice".servicekit_migrations ORDER BY version')
    expect(after.rows).toEqual(before.rows)
  })

  it("without a schema, the tables go where the search_path points (public)", async () => {
    const db = await PGlite.create()
    try {
      expect(await migrate(db)).toEqual({ applied: both, version: 2 })
      const { rows } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      )
      expect(rows).toEqual([{ n: 5 }])
    } finally {
      await db.close()
    }
  })

  it.each([
    ["before its claim tokens", "example_old", exampleSchemaBeforeFencing],
    ["with its claim tokens", "example_fenced", exampleSchemaWithFencing],
  ])(
    "upgrades a database made by the example adapter (%s) in place, keeping its tickets",
    async (_, schema, sql) => {
      await exampleDatabase(schema, sql)
      const db = database()
      expect(await migrate(db, { schema })).toEqual({ applied: both, version: 2 })
      expect(await shapeOf(schema)).toEqual(current)
      const store = postgresStore(db, { schema })
      const program = Effect.gen(function* () {
        const s = yield* Desk.TicketStore
        const loaded = yield* s.load("T-1")
        const claims = yield* s.claimDue(2000, 10, 60_000)
        return { version: loaded.version, claims }
      })
      const result = await Effect.runPromise(program.pipe(Effect.provide(store)))
      expect(result).toEqual({ version: 1, claims: [{ ticketId: "T-1", token: "1" }] })
    },
  )

  it("many calls at once: exactly one applies the migrations, the others find nothing to do", async () => {
    const db = database()
    const results = await Promise.all(Array.from({ length: 8 }, () => migrate(db, { schema: "many" })))
    expect(results.filter((r) => r.applied.length > 0)).toEqual([{ applied: both, version: 2 }])
    expect(results.filter((r) => r.applied.length === 0)).toHaveLength(7)
    expect(await recorded("many")).toHaveLength(2)
  })

  it("a migration that fails rejects with MigrationFailed naming it, and commits nothing of the run", async () => {
    const db = database()
    const failing: SqlClient = {
      query: (sql, params) => db.query(sql, params),
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            query: (sql, params) =>
              sql.startsWith("CREATE SEQUENCE")
                ? Promise.reject(Object.assign(new Error("permission denied for schema"), { code: "42501" }))
                : tx.query(sql, params),
          }),
        ),
    }
    const error = await migrate(failing, { schema: "failing" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationFailed)
    expect(error).toMatchObject({
      _tag: "MigrationFailed",
      version: 2,
      name: "claim fencing tokens",
      reason: "permission denied for schema (SQLSTATE 42501)",
    })
    const { rows } = await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'failing'")
    expect(rows).toEqual([])
    expect(await migrate(db, { schema: "failing" })).toEqual({ applied: both, version: 2 })
  })

  it("a version recorded by a newer servicekit is kept, and reported as the schema's version", async () => {
    const db = database()
    await migrate(db, { schema: "newer" })
    await db.query(`INSERT INTO "newer".servicekit_migrations (version, name) VALUES (3, 'from the future')`)
    expect(await migrate(db, { schema: "newer" })).toEqual({ applied: [], version: 3 })
  })

  it("rejects bad input with InvalidPostgresInput naming the argument, before touching the database", async () => {
    await expect(migrate(undefined as unknown as SqlClient)).rejects.toMatchObject({
      _tag: "InvalidPostgresInput",
      field: "db",
    })
    await expect(migrate({ transaction: async () => {} } as unknown as SqlClient)).rejects.toMatchObject({
      field: "db.query",
    })
    await expect(migrate(database(), { schema: "Bad Name" })).rejects.toBeInstanceOf(InvalidPostgresInput)
  })
})

describe("migrations", () => {
  it("are numbered 1, 2 … in order, each statement idempotent (IF NOT EXISTS), sql the statements as one script", () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
    for (const m of migrations) {
      expect(m.sql).toBe(`${m.statements.join(";\n\n")};\n`)
      for (const statement of m.statements) expect(statement).toMatch(/IF NOT EXISTS/)
    }
    const heads = migrations.flatMap((m) =>
      m.statements.map(
        (s) =>
          `${m.version}: ${s
            .replace(/^--.*\n/gm, "")
            .split("(")[0]
            ?.trim()}`,
      ),
    )
    expect(heads).toEqual([
      "1: CREATE TABLE IF NOT EXISTS tickets",
      "1: CREATE TABLE IF NOT EXISTS ticket_events",
      "1: CREATE TABLE IF NOT EXISTS ticket_appends",
      "1: CREATE TABLE IF NOT EXISTS ticket_due",
      "1: CREATE INDEX IF NOT EXISTS ticket_due_due_at ON ticket_due",
      "2: ALTER TABLE ticket_due ADD COLUMN IF NOT EXISTS claim_token bigint",
      "2: CREATE SEQUENCE IF NOT EXISTS ticket_claim_tokens",
    ])
  })

  it("as one script (what a migration tool takes), make the same schema as migrate", async () => {
    const db = database()
    await db.exec(`CREATE SCHEMA by_tool; SET search_path TO by_tool;
      ${migrations.map((m) => m.sql).join("\n")}
      RESET search_path;`)
    const { servicekit_migrations: _, ...tables } = current.tables
    expect(await shapeOf("by_tool")).toEqual({ ...current, tables })
  })
})
