// The schema as numbered migrations, embedded as constants (no file to read: the ESM and the
// CommonJS builds find them alike), and `migrate`, which applies the missing ones.
import { requireMethods, type SqlClient, type SqlQueryable } from "./driver.js"
import { describeCause as describe, MigrationFailed } from "./errors.js"
import { type PostgresOptions, resolveOptions } from "./options.js"

/**
 * One schema change: `version` (1, 2 …, applied in order, each once), a `name`, its `statements`
 * (one per query, as the drivers' extended protocol takes them) and the same as one `sql` script,
 * for apps that run their own migration tool. Every statement is idempotent (`IF NOT EXISTS`), so
 * a database made by the example adapter of servicekit 0.2 upgrades in place.
 *
 * @example
 * ```ts
 * import { migrations } from "servicekit/postgres"
 * migrations.map((m) => `${m.version} ${m.name}`) // => ["1 tickets, events, idempotency keys and due times", "2 claim fencing tokens"]
 * ```
 * @since 0.3.0
 * @category Migrations
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly statements: ReadonlyArray<string>
  readonly sql: string
}

const migration = (version: number, name: string, statements: ReadonlyArray<string>): Migration => ({
  version,
  name,
  statements,
  sql: `${statements.join(";\n\n")};\n`,
})

/**
 * servicekit's schema, as the migrations {@link migrate} applies, oldest first. Table names are
 * unqualified: `migrate` with a `schema` option runs them with that schema as the `search_path`;
 * a migration tool should do the same (or leave the default, `public`). Record what you applied
 * in `servicekit_migrations (version int primary key, name text, applied_at timestamptz)` if
 * `migrate` may run after your tool, so that it skips those versions (it would also re-run them
 * harmlessly).
 *
 * The design: ticket ids are `text COLLATE "C"` (byte order: `claimDue` breaks ties by id exactly
 * as the in-memory store does, whatever the database's collation); instants are `bigint` epoch
 * milliseconds, the port's own unit, compared exactly as the caller passed them.
 *
 * @example
 * ```ts
 * import { migrations } from "servicekit/postgres"
 * migrations[1]?.sql.includes("CREATE SEQUENCE IF NOT EXISTS ticket_claim_tokens") // => true
 * ```
 * @since 0.3.0
 * @category Migrations
 */
export const migrations: ReadonlyArray<Migration> = [
  migration(1, "tickets, events, idempotency keys and due times", [
    `-- One row per ticket: the head of its event stream; version = the number of events. An append
-- locks this row (SELECT ... FOR UPDATE), so writers to one ticket queue up behind each other while
-- writers to other tickets proceed. The row exists once the first event is appended.
CREATE TABLE IF NOT EXISTS tickets (
  ticket_id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL CHECK (version >= 0)
)`,
    `-- The events of each ticket, numbered 1..version in append order, as JSON (instants as ISO-8601
-- strings, revived and validated with Ticket.decodeEvent on load).
CREATE TABLE IF NOT EXISTS ticket_events (
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (ticket_id),
  version integer NOT NULL CHECK (version >= 1),
  event jsonb NOT NULL,
  PRIMARY KEY (ticket_id, version)
)`,
    `-- Idempotency keys, unique per ticket: the append that used a key wrote versions
-- first_version..version_after. A redelivery answers with those events instead of appending
-- again. An append of no events records no key (the Desk probes keys that way).
CREATE TABLE IF NOT EXISTS ticket_appends (
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (ticket_id),
  idempotency_key text NOT NULL,
  first_version integer NOT NULL,
  version_after integer NOT NULL,
  PRIMARY KEY (ticket_id, idempotency_key),
  CHECK (first_version >= 1 AND version_after >= first_version)
)`,
    `-- When each ticket next needs attention, and the lease of the worker that claimed it (NULL: not
-- claimed; a lease lapses once claimed_until <= now). No foreign key: a due time may be set before
-- the ticket's first event is stored, as the port allows. due_at NULL: never due (the row is kept,
-- so that a stale writer cannot bring the ticket back); as_of: the ticket version the due time was
-- computed from (an older one never overwrites it).
CREATE TABLE IF NOT EXISTS ticket_due (
  ticket_id text COLLATE "C" PRIMARY KEY,
  due_at bigint,
  as_of integer NOT NULL DEFAULT 0,
  claimed_until bigint
)`,
    `-- claimDue scans the tickets due at or before now, most overdue first.
CREATE INDEX IF NOT EXISTS ticket_due_due_at ON ticket_due (due_at, ticket_id)`,
  ]),
  migration(2, "claim fencing tokens", [
    `-- The fencing token of the current claim (NULL: not claimed): a new one from the sequence at
-- every claim, so a worker whose lease lapsed and whose ticket was claimed again holds a stale one,
-- and its release, due time and appends change nothing.
ALTER TABLE ticket_due ADD COLUMN IF NOT EXISTS claim_token bigint`,
    "CREATE SEQUENCE IF NOT EXISTS ticket_claim_tokens",
  ]),
]

/**
 * What {@link migrate} did: the migrations it applied now (none when the database was up to
 * date), and the schema's version after it.
 *
 * @example
 * ```ts
 * import type { Migrated } from "servicekit/postgres"
 * const upToDate: Migrated = { applied: [], version: 2 }
 * ```
 * @since 0.3.0
 * @category Migrations
 */
export interface Migrated {
  readonly applied: ReadonlyArray<{ readonly version: number; readonly name: string }>
  readonly version: number
}

/** The advisory lock migrations take turns on: the example adapter's, so that they exclude each other too. */
const lockKey = "servicekit/desk/schema"

/**
 * Brings the database's servicekit tables up to date: applies, in order and in one transaction, the
 * {@link migrations} not yet recorded in the table `servicekit_migrations`, and records them there.
 * Safe to run on every start and from many processes at once: they take turns on a transaction-level
 * advisory lock (`pg_advisory_xact_lock`), and the ones that come second find nothing to do. A
 * database made by the example adapter (its tables, no `servicekit_migrations`) upgrades in place.
 *
 * Rejects with {@link MigrationFailed} naming the migration (nothing of the run is committed), or
 * with {@link InvalidPostgresInput} for a `db` that is not a {@link SqlClient} or bad options.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { migrate } from "servicekit/postgres"
 * const db = await PGlite.create()
 * const first = await migrate(db)
 * first.applied.map((m) => m.version) // => [1, 2]
 * const again = await migrate(db)
 * again // => { applied: [], version: 2 }
 * await db.close()
 * ```
 * @since 0.3.0
 * @category Migrations
 */
export const migrate = async (db: SqlClient, options?: PostgresOptions): Promise<Migrated> => {
  requireMethods(db, "db", ["query", "transaction"])
  const { schema } = resolveOptions(options)
  const bookkeeping = { version: 0, name: "servicekit_migrations" }
  try {
    return await db.transaction(async (tx) => {
      // Concurrent CREATE … IF NOT EXISTS can still collide in the catalogs: one migration at a time.
      await step(bookkeeping, () => tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [lockKey]))
      if (schema !== undefined)
        await step(bookkeeping, async () => {
          // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when it exists.
          const found = await tx.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])
          if (found.rows.length === 0) await tx.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
          // For this transaction only: the migrations' unqualified names land in the schema.
          await tx.query(`SET LOCAL search_path TO "${schema}"`)
        })
      const done = await step(bookkeeping, async () => {
        await tx.query(
          `CREATE TABLE IF NOT EXISTS servicekit_migrations (
             version integer PRIMARY KEY,
             name text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
           )`,
        )
        const { rows } = await tx.query("SELECT version FROM servicekit_migrations")
        return new Set(rows.map((row) => Number(row.version)))
      })
      const applied: Array<{ readonly version: number; readonly name: string }> = []
      for (const m of migrations) {
        if (done.has(m.version)) continue
        await step(m, async () => {
          for (const statement of m.statements) await tx.query(statement)
          await record(tx, m)
        })
        applied.push({ version: m.version, name: m.name })
      }
      return { applied, version: Math.max(0, ...done, ...applied.map((m) => m.version)) }
    })
  } catch (error) {
    // A failure of the COMMIT itself (or of BEGIN) reaches here unwrapped.
    throw error instanceof MigrationFailed
      ? error
      : new MigrationFailed({ ...bookkeeping, reason: describe(error), cause: error })
  }
}

const record = (tx: SqlQueryable, m: Migration) =>
  tx.query("INSERT INTO servicekit_migrations (version, name) VALUES ($1, $2)", [m.version, m.name])

/** Runs one step of a migration; whatever the driver throws becomes a MigrationFailed naming it. */
const step = async <A>(
  m: { readonly version: number; readonly name: string },
  run: () => Promise<A>,
): Promise<A> => {
  try {
    return await run()
  } catch (error) {
    throw new MigrationFailed({ version: m.version, name: m.name, reason: describe(error), cause: error })
  }
}
