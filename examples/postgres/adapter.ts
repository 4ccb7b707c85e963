/**
 * A {@link Desk.TicketStore} on PostgreSQL: copy this folder into an app, point it at a database with
 * {@link fromPgPool} (node-postgres) or hand it a PGlite instance, run {@link migrate} once, and
 * provide {@link postgresStore} to the Desk. The tables are described in `schema.sql`, the design
 * (locks, isolation, leases) in `README.md`. It passes the same conformance suite as the in-memory
 * store (`test/desk/postgres.test.ts`, on PGlite).
 *
 * @since 0.1.0
 */
import { readFile } from "node:fs/promises"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import { Desk, Ticket } from "servicekit"

/**
 * What the adapter needs from a connection: parameterised queries (`$1`, `$2` …) answering rows
 * as objects keyed by column name. A PGlite instance, a PGlite transaction and a node-postgres
 * `Pool` / `PoolClient` all have this shape.
 *
 * @since 0.1.0
 * @category Driver
 */
export interface SqlQueryable {
  readonly query: (
    sql: string,
    params?: Array<unknown>,
  ) => Promise<{ readonly rows: ReadonlyArray<Record<string, unknown>> }>
}

/**
 * A database the adapter can run transactions on: `transaction(fn)` runs `fn` on one connection
 * between BEGIN and COMMIT (ROLLBACK, and rejecting with the same error, when `fn` throws). Inside
 * `fn` use only `tx`: a query on the client itself would wait for the transaction it is in.
 * PGlite satisfies it as is; wrap a node-postgres pool with {@link fromPgPool}.
 *
 * @since 0.1.0
 * @category Driver
 */
export interface SqlClient extends SqlQueryable {
  readonly transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => Promise<T>
}

/**
 * The part of a node-postgres `PoolClient` that {@link fromPgPool} uses.
 *
 * @since 0.1.0
 * @category Driver
 */
export interface PgPoolClientLike extends SqlQueryable {
  readonly release: (destroy?: Error | boolean) => void
}

/**
 * The part of a node-postgres `Pool` that {@link fromPgPool} uses (typed by shape, so this file
 * does not depend on `pg`).
 *
 * @since 0.1.0
 * @category Driver
 */
export interface PgPoolLike extends SqlQueryable {
  readonly connect: () => Promise<PgPoolClientLike>
}

/**
 * Adapts a node-postgres `Pool`: plain queries go to the pool, a transaction checks out one client
 * and runs BEGIN (READ COMMITTED) … COMMIT on it: ROLLBACK when the callback or the COMMIT fails,
 * and a client whose ROLLBACK failed is destroyed rather than returned to the pool.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { fromPgPool, migrate, postgresStore } from "./adapter.js"
 * const db = fromPgPool(new pg.Pool({ connectionString: process.env.DATABASE_URL }))
 * await migrate(db)
 * const store = postgresStore(db) // Layer<TicketStore>
 * ```
 * @since 0.1.0
 * @category Driver
 */
export const fromPgPool = (pool: PgPoolLike): SqlClient => ({
  query: (sql, params) => pool.query(sql, params),
  transaction: async (fn) => {
    const client = await pool.connect()
    let result: Awaited<ReturnType<typeof fn>>
    try {
      // Explicit, whatever the server's default: the append's locking is designed for it.
      await client.query("BEGIN ISOLATION LEVEL READ COMMITTED")
      result = await fn(client)
      await client.query("COMMIT")
    } catch (error) {
      try {
        await client.query("ROLLBACK")
      } catch (rollbackFailed) {
        // The connection is in an unknown state: take it out of the pool.
        client.release(rollbackFailed instanceof Error ? rollbackFailed : true)
        throw error
      }
      client.release()
      throw error
    }
    client.release()
    return result
  },
})

/**
 * Creates the tables of `schema.sql` if they do not exist, in one transaction. Safe to run on
 * every start, also from several processes at once (they take turns on an advisory lock). It reads
 * `schema.sql` from beside this module: ship the two files together.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { migrate } from "./adapter.js"
 * const db = await PGlite.create()
 * await migrate(db)
 * ```
 * @since 0.1.0
 * @category Schema
 */
export const migrate = async (db: SqlClient): Promise<void> => {
  const statements = schemaStatements(await readFile(new URL("./schema.sql", import.meta.url), "utf8"))
  await db.transaction(async (tx) => {
    // Concurrent CREATE … IF NOT EXISTS can still collide in the catalogs: serialise migrations.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('servicekit/desk/schema'))")
    for (const statement of statements) await tx.query(statement)
  })
}

/**
 * The statements of a schema file, as {@link migrate} runs them: `--` comment lines dropped, split
 * on a `;` that ends a line (drivers' extended protocol takes one statement per query).
 *
 * @example
 * ```ts
 * import { schemaStatements } from "./adapter.js"
 * schemaStatements("-- t\nCREATE TABLE a (x int);\nCREATE INDEX b ON a (x);\n").length // => 2
 * ```
 * @since 0.1.0
 * @category Schema
 */
export const schemaStatements = (sql: string): ReadonlyArray<string> =>
  sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "")

/**
 * The {@link Desk.TicketStore} on PostgreSQL. Each operation is one transaction or one statement, so
 * any number of processes can share the database: appends to one ticket queue on its `tickets`
 * row, and `claimDue` hands each due ticket to one worker (`FOR UPDATE SKIP LOCKED` plus a lease).
 *
 * Differences from the in-memory store, all rejected with `StoreFailure` rather than stored: an
 * event that does not survive JSON (a `Date` outside years 0–9999, a `\u0000` in a string), a
 * ticket id with `\u0000`, and instants that are not integers (`bigint` columns).
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import * as Effect from "effect/Effect"
 * import { migrate, postgresStore } from "./adapter.js"
 * import { Desk } from "servicekit"
 * const db = await PGlite.create()
 * await migrate(db)
 * const due = await Effect.runPromise(
 *   Desk.TicketStore.use((store) => store.claimDue(Date.now(), 10, 60_000)).pipe(Effect.provide(postgresStore(db))),
 * ) // => []
 * ```
 * @since 0.1.0
 * @category Adapters
 */
export const postgresStore = (db: SqlClient): Layer.Layer<Desk.TicketStore> =>
  Layer.succeed(
    Desk.TicketStore,
    Desk.TicketStore.of({
      load: (ticketId) =>
        attempt("load", async () => {
          // One statement, so one snapshot: the version is the number of rows.
          const { rows } = await db.query(
            "SELECT version, event FROM ticket_events WHERE ticket_id = $1 ORDER BY version",
            [ticketId],
          )
          return rows.length === 0
            ? undefined
            : { version: rows.length, events: decodeRows(ticketId, 1, rows) }
        }).pipe(
          Effect.flatMap((stored) =>
            stored === undefined
              ? Effect.fail(new Desk.TicketNotFound({ ticketId }))
              : Effect.succeed(stored),
          ),
        ),

      append: (ticketId, expectedVersion, events, options) =>
        attempt("append", () =>
          append(db, ticketId, expectedVersion, events, options?.idempotencyKey, options?.claim),
        ).pipe(
          Effect.flatMap(
            (outcome): Effect.Effect<Desk.Appended, Desk.ConcurrencyConflict | Desk.ClaimLost> =>
              outcome._tag === "Appended"
                ? Effect.succeed(outcome.appended)
                : outcome._tag === "ClaimLost"
                  ? Effect.fail(new Desk.ClaimLost({ ticketId, token: options?.claim ?? "" }))
                  : Effect.fail(
                      new Desk.ConcurrencyConflict({
                        ticketId,
                        expectedVersion,
                        actualVersion: outcome.actualVersion,
                      }),
                    ),
          ),
        ),

      setNextDue: (ticketId, at, version, claim) =>
        attempt("setNextDue", async () => {
          // A due time computed from an older version of the ticket never overwrites a fresher
          // one; the claim, if any, is left to its claimant (release). A worker's call (with its
          // claim token) changes nothing once another worker holds the ticket.
          if (claim !== undefined)
            await db.query(
              `UPDATE ticket_due SET due_at = $2, as_of = $3
               WHERE ticket_id = $1 AND as_of <= $3 AND claim_token = $4`,
              [ticketId, at ?? null, version, token(claim)],
            )
          else
            await db.query(
              `INSERT INTO ticket_due (ticket_id, due_at, as_of) VALUES ($1, $2, $3)
               ON CONFLICT (ticket_id) DO UPDATE SET due_at = EXCLUDED.due_at, as_of = EXCLUDED.as_of
               WHERE ticket_due.as_of <= EXCLUDED.as_of`,
              [ticketId, at ?? null, version],
            )
        }),

      release: (ticketId, claim) =>
        attempt("release", async () => {
          await db.query(
            "UPDATE ticket_due SET claimed_until = NULL, claim_token = NULL WHERE ticket_id = $1 AND claim_token = $2",
            [ticketId, token(claim)],
          )
        }),

      claimDue: (now, limit, leaseMs) =>
        attempt("claimDue", async () => {
          // As Array.prototype.slice(0, limit) does in the in-memory store.
          if (!(limit >= 1)) return []
          // The locking CTE runs once (MATERIALIZED); SKIP LOCKED lets concurrent workers take
          // disjoint batches instead of queueing. RETURNING has no order, hence the final SELECT.
          const { rows } = await db.query(
            `WITH due AS MATERIALIZED (
               SELECT ticket_id FROM ticket_due
               WHERE due_at IS NOT NULL AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
               ORDER BY due_at, ticket_id
               LIMIT $3
               FOR UPDATE SKIP LOCKED
             ), claimed AS (
               UPDATE ticket_due SET claimed_until = $2, claim_token = nextval('ticket_claim_tokens')
               FROM due WHERE ticket_due.ticket_id = due.ticket_id
               RETURNING ticket_due.ticket_id, ticket_due.due_at, ticket_due.claim_token
             )
             SELECT ticket_id, claim_token::text AS token FROM claimed ORDER BY due_at, ticket_id`,
            [now, now + leaseMs, limit === Number.POSITIVE_INFINITY ? null : Math.trunc(limit)],
          )
          return rows.map((row) => ({ ticketId: text(row, "ticket_id"), token: text(row, "token") }))
        }),
    }),
  )

type Outcome =
  | { readonly _tag: "Appended"; readonly appended: Desk.Appended }
  | { readonly _tag: "Conflict"; readonly actualVersion: number }
  | { readonly _tag: "ClaimLost" }

const append = async (
  db: SqlClient,
  ticketId: string,
  expectedVersion: number,
  events: ReadonlyArray<Ticket.TicketEvent>,
  key: string | undefined,
  claim: string | undefined,
): Promise<Outcome> => {
  try {
    return await db.transaction(async (tx): Promise<Outcome> => {
      // A fenced append holds the claim row (FOR SHARE) until COMMIT, so no claimDue can hand the
      // ticket to another worker between this check and the append (claimDue skips locked rows).
      if (claim !== undefined) {
        const held = await tx.query(
          "SELECT 1 FROM ticket_due WHERE ticket_id = $1 AND claim_token = $2 FOR SHARE",
          [ticketId, token(claim)],
        )
        if (held.rows.length === 0) return { _tag: "ClaimLost" }
      }
      // A creator makes the head row first. A second creator's INSERT waits for the first one's
      // transaction and then does nothing, so it meets the real version below, not a 23505.
      if (expectedVersion === 0 && events.length > 0)
        await tx.query(
          "INSERT INTO tickets (ticket_id, version) VALUES ($1, 0) ON CONFLICT (ticket_id) DO NOTHING",
          [ticketId],
        )
      // From here until COMMIT no other append to this ticket can run. Under READ COMMITTED every
      // statement after the lock sees what the previous holder committed, the key included.
      const head = await tx.query("SELECT version FROM tickets WHERE ticket_id = $1 FOR UPDATE", [ticketId])
      const actualVersion = head.rows[0] === undefined ? 0 : integer(head.rows[0], "version")
      if (key !== undefined && head.rows[0] !== undefined) {
        const earlier = await findAppend(tx, ticketId, key)
        if (earlier !== undefined) return { _tag: "Appended", appended: earlier }
      }
      if (actualVersion !== expectedVersion) return { _tag: "Conflict", actualVersion }
      // No events: nothing stored and no key recorded. The Desk probes a key this way before it
      // decides, so recording it here would turn the real append into a "duplicate".
      if (events.length === 0)
        return { _tag: "Appended", appended: { version: actualVersion, events: [], duplicate: false } }
      const versionAfter = expectedVersion + events.length
      const { json, stored } = encodeEvents(ticketId, expectedVersion, events)
      await tx.query(
        `INSERT INTO ticket_events (ticket_id, version, event)
         SELECT $1, $2 + e.ord::integer, e.event
         FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(event, ord)`,
        [ticketId, expectedVersion, json],
      )
      await tx.query("UPDATE tickets SET version = $2 WHERE ticket_id = $1", [ticketId, versionAfter])
      if (key !== undefined) await recordKey(tx, ticketId, key, expectedVersion + 1, versionAfter)
      // The events as stored (copies, Dates revived): what a redelivery and a load will see.
      return { _tag: "Appended", appended: { version: versionAfter, events: stored, duplicate: false } }
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    // A unique violation means another writer stored this ticket's version (or key) first: a
    // writer that skipped the head lock, or a schema change that dropped it. The transaction is
    // rolled back; answer as if this append had come second.
    if (key !== undefined) {
      const earlier = await findAppend(db, ticketId, key)
      if (earlier !== undefined) return { _tag: "Appended", appended: earlier }
    }
    const { rows } = await db.query(
      "SELECT coalesce(max(version), 0) AS version FROM ticket_events WHERE ticket_id = $1",
      [ticketId],
    )
    return { _tag: "Conflict", actualVersion: rows[0] === undefined ? 0 : integer(rows[0], "version") }
  }
}

/** The append that used `key` on this ticket, answered again: its version and its events. */
const findAppend = async (
  sql: SqlQueryable,
  ticketId: string,
  key: string,
): Promise<Desk.Appended | undefined> => {
  // One statement, so the key and the events come from one snapshot.
  const { rows } = await sql.query(
    `SELECT a.first_version, a.version_after, e.version, e.event
     FROM ticket_appends a
     LEFT JOIN ticket_events e
       ON e.ticket_id = a.ticket_id AND e.version BETWEEN a.first_version AND a.version_after
     WHERE a.ticket_id = $1 AND a.idempotency_key = $2
     ORDER BY e.version`,
    [ticketId, key],
  )
  const first = rows[0]
  if (first === undefined) return undefined
  const firstVersion = integer(first, "first_version")
  const versionAfter = integer(first, "version_after")
  const stored = rows.filter((row) => row.version !== null)
  if (stored.length !== versionAfter - firstVersion + 1)
    throw new CorruptRow(
      `ticket ${JSON.stringify(ticketId)}: idempotency key ${JSON.stringify(key)} names versions ` +
        `${firstVersion}..${versionAfter}, but ${stored.length} of them are stored`,
    )
  return { version: versionAfter, events: decodeRows(ticketId, firstVersion, stored), duplicate: true }
}

const recordKey = (
  tx: SqlQueryable,
  ticketId: string,
  key: string,
  firstVersion: number,
  versionAfter: number,
) =>
  tx.query(
    "INSERT INTO ticket_appends (ticket_id, idempotency_key, first_version, version_after) VALUES ($1, $2, $3, $4)",
    [ticketId, key, firstVersion, versionAfter],
  )

/**
 * The events as one JSON array, and as they read back from it. Reading each one back before it is
 * written turns an event that would not load again (a Date outside years 0–9999 has no ISO-8601
 * form the schema accepts) into a failed append instead of an unreadable ticket.
 */
const encodeEvents = (
  ticketId: string,
  expectedVersion: number,
  events: ReadonlyArray<Ticket.TicketEvent>,
): { readonly json: string; readonly stored: Array<Ticket.TicketEvent> } => {
  const json: Array<string> = []
  const stored: Array<Ticket.TicketEvent> = []
  for (const [i, event] of events.entries()) {
    const text = JSON.stringify(event) as string | undefined
    const back = text === undefined ? undefined : Ticket.decodeEvent(JSON.parse(text))
    if (back === undefined || Result.isFailure(back))
      throw new CorruptRow(
        `ticket ${JSON.stringify(ticketId)}: the event for version ${expectedVersion + i + 1} would not ` +
          `read back from JSON${back === undefined ? "" : `: ${back.failure.message}`}`,
        back,
      )
    json.push(text as string)
    stored.push(back.success)
  }
  return { json: `[${json.join(",")}]`, stored }
}

/** Rows of `ticket_events` (version, event) from `firstVersion` on, revived and validated. */
const decodeRows = (
  ticketId: string,
  firstVersion: number,
  rows: ReadonlyArray<Record<string, unknown>>,
): Array<Ticket.TicketEvent> =>
  rows.map((row, i) => {
    const version = integer(row, "version")
    if (version !== firstVersion + i)
      throw new CorruptRow(`ticket ${JSON.stringify(ticketId)} has no event at version ${firstVersion + i}`)
    const decoded = Ticket.decodeEvent(row.event)
    if (Result.isFailure(decoded))
      throw new CorruptRow(
        `ticket ${JSON.stringify(ticketId)}: the stored event at version ${version} is not a valid event: ` +
          decoded.failure.message,
        decoded.failure,
      )
    return decoded.success
  })

/** A row the adapter cannot make sense of, or an event it will not store: a StoreFailure. */
class CorruptRow extends Error {
  constructor(
    readonly reason: string,
    readonly detail?: unknown,
  ) {
    super(reason)
  }
}

const integer = (row: Record<string, unknown>, column: string): number => {
  const value = row[column]
  // int4 arrives as a number from every driver; node-postgres sends int8 as a string.
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n))
    throw new CorruptRow(`column ${column} holds ${String(value)}, not an integer`)
  return n
}

const text = (row: Record<string, unknown>, column: string): string => {
  const value = row[column]
  if (typeof value !== "string") throw new CorruptRow(`column ${column} holds ${String(value)}, not text`)
  return value
}

/** A claim token as the bigint column takes it; a token this store did not make matches nothing. */
const token = (claim: string): string | null => (/^[0-9]{1,18}$/.test(claim) ? claim : null)

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { readonly code?: unknown }).code === "23505"

/** Runs a driver call; whatever it throws becomes a StoreFailure naming the operation. */
const attempt = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, Desk.StoreFailure> =>
  Effect.tryPromise({
    try: run,
    catch: (cause) =>
      cause instanceof CorruptRow
        ? new Desk.StoreFailure({ operation, reason: cause.reason, cause: cause.detail })
        : new Desk.StoreFailure({ operation, reason: describe(cause), cause }),
  })

const describe = (cause: unknown): string => {
  const message = cause instanceof Error ? cause.message : String(cause)
  const code =
    typeof cause === "object" && cause !== null ? (cause as { readonly code?: unknown }).code : undefined
  return typeof code === "string" ? `${message} (SQLSTATE ${code})` : message
}
