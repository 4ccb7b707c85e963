// The TicketStore on PostgreSQL: each operation one transaction or one statement, so any number of
// processes can share the database. The design (locks, isolation, leases) is in docs/postgres.md.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import {
  type Appended,
  ClaimLost,
  ConcurrencyConflict,
  StoreFailure,
  TicketNotFound,
  TicketStore,
} from "../desk/index.js"
import type { TicketEvent } from "../ticket/index.js"
import { requireMethods, type SqlClient, type SqlQueryable } from "./driver.js"
import { describeCause } from "./errors.js"
import { type PostgresOptions, resolveOptions } from "./options.js"
import { CorruptRow, decodeRows, encodeEvents, integer, isUniqueViolation, text, token } from "./rows.js"

/**
 * The {@link TicketStore} on PostgreSQL, over any {@link SqlClient}: a PGlite instance as is,
 * node-postgres through {@link fromPg}, postgres.js through {@link fromPostgresJs}. Run
 * {@link migrate} (with the same options) first. Each operation is one transaction or one
 * statement, so any number of processes can share the database: appends to one ticket queue on
 * its `tickets` row, and `claimDue` hands each due ticket to one worker (`FOR UPDATE SKIP LOCKED`,
 * a lease and a fencing token from a sequence).
 *
 * Differences from the in-memory store, all rejected with `StoreFailure` rather than stored: an
 * event that does not survive JSON (a `Date` outside years 0–9999, a `\u0000` in a string), a
 * ticket id with `\u0000`, and instants that are not integers (`bigint` columns). Throws
 * {@link InvalidPostgresInput} at once for a `db` that is not a {@link SqlClient} or bad options.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import * as Effect from "effect/Effect"
 * import { Desk } from "servicekit"
 * import { migrate, postgresStore } from "servicekit/postgres"
 * const db = await PGlite.create()
 * await migrate(db)
 * const due = await Effect.runPromise(
 *   Desk.TicketStore.use((store) => store.claimDue(Date.now(), 10, 60_000)).pipe(Effect.provide(postgresStore(db))),
 * )
 * due // => []
 * await db.close()
 * ```
 * @since 0.3.0
 * @category Store
 */
export const postgresStore = (db: SqlClient, options?: PostgresOptions): Layer.Layer<TicketStore> => {
  requireMethods(db, "db", ["query", "transaction"])
  const sql = statements(resolveOptions(options).name)
  return Layer.succeed(
    TicketStore,
    TicketStore.of({
      load: (ticketId) =>
        attempt("load", async () => {
          // One statement, so one snapshot: the version is the number of rows.
          const { rows } = await db.query(sql.load, [ticketId])
          return rows.length === 0
            ? undefined
            : { version: rows.length, events: decodeRows(ticketId, 1, rows) }
        }).pipe(
          Effect.flatMap((stored) =>
            stored === undefined ? Effect.fail(new TicketNotFound({ ticketId })) : Effect.succeed(stored),
          ),
        ),

      append: (ticketId, expectedVersion, events, appendOptions) =>
        attempt("append", () =>
          append(
            db,
            sql,
            ticketId,
            expectedVersion,
            events,
            appendOptions?.idempotencyKey,
            appendOptions?.claim,
          ),
        ).pipe(
          Effect.flatMap(
            (outcome): Effect.Effect<Appended, ConcurrencyConflict | ClaimLost> =>
              outcome._tag === "Appended"
                ? Effect.succeed(outcome.appended)
                : outcome._tag === "ClaimLost"
                  ? Effect.fail(new ClaimLost({ ticketId, token: appendOptions?.claim ?? "" }))
                  : Effect.fail(
                      new ConcurrencyConflict({
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
            await db.query(sql.setNextDueFenced, [ticketId, at ?? null, version, token(claim)])
          else await db.query(sql.setNextDue, [ticketId, at ?? null, version])
        }),

      release: (ticketId, claim) =>
        attempt("release", async () => {
          await db.query(sql.release, [ticketId, token(claim)])
        }),

      claimDue: (now, limit, leaseMs) =>
        attempt("claimDue", async () => {
          // As Array.prototype.slice(0, limit) does in the in-memory store.
          if (!(limit >= 1)) return []
          const { rows } = await db.query(sql.claimDue, [
            now,
            now + leaseMs,
            limit === Number.POSITIVE_INFINITY ? null : Math.trunc(limit),
          ])
          return rows.map((row) => ({ ticketId: text(row, "ticket_id"), token: text(row, "token") }))
        }),
    }),
  )
}

/** Every statement of the store, with its table names qualified once, when the layer is made. */
const statements = (name: (table: string) => string) => {
  const [tickets, events, appends, due] = ["tickets", "ticket_events", "ticket_appends", "ticket_due"].map(
    name,
  )
  return {
    load: `SELECT version, event FROM ${events} WHERE ticket_id = $1 ORDER BY version`,
    setNextDueFenced: `UPDATE ${due} SET due_at = $2, as_of = $3
       WHERE ticket_id = $1 AND as_of <= $3 AND claim_token = $4`,
    setNextDue: `INSERT INTO ${due} AS d (ticket_id, due_at, as_of) VALUES ($1, $2, $3)
       ON CONFLICT (ticket_id) DO UPDATE SET due_at = EXCLUDED.due_at, as_of = EXCLUDED.as_of
       WHERE d.as_of <= EXCLUDED.as_of`,
    release: `UPDATE ${due} SET claimed_until = NULL, claim_token = NULL WHERE ticket_id = $1 AND claim_token = $2`,
    // The locking CTE runs once (MATERIALIZED); SKIP LOCKED lets concurrent workers take disjoint
    // batches instead of queueing. RETURNING has no order, hence the final SELECT. The token is read
    // as text: drivers disagree on int8 (string, BigInt), never on text.
    claimDue: `WITH due AS MATERIALIZED (
         SELECT ticket_id FROM ${due}
         WHERE due_at IS NOT NULL AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
         ORDER BY due_at, ticket_id
         LIMIT $3
         FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE ${due} AS d SET claimed_until = $2, claim_token = nextval('${name("ticket_claim_tokens")}')
         FROM due WHERE d.ticket_id = due.ticket_id
         RETURNING d.ticket_id, d.due_at, d.claim_token
       )
       SELECT ticket_id, claim_token::text AS token FROM claimed ORDER BY due_at, ticket_id`,
    holdClaim: `SELECT 1 FROM ${due} WHERE ticket_id = $1 AND claim_token = $2 FOR SHARE`,
    createHead: `INSERT INTO ${tickets} (ticket_id, version) VALUES ($1, 0) ON CONFLICT (ticket_id) DO NOTHING`,
    lockHead: `SELECT version FROM ${tickets} WHERE ticket_id = $1 FOR UPDATE`,
    // The JSON goes in as text and is cast by the server: drivers that serialise a jsonb parameter
    // themselves (postgres.js) would encode the array a second time, as one JSON string.
    insertEvents: `INSERT INTO ${events} (ticket_id, version, event)
       SELECT $1, $2 + e.ord::integer, e.event
       FROM jsonb_array_elements($3::text::jsonb) WITH ORDINALITY AS e(event, ord)`,
    setHead: `UPDATE ${tickets} SET version = $2 WHERE ticket_id = $1`,
    recordKey: `INSERT INTO ${appends} (ticket_id, idempotency_key, first_version, version_after) VALUES ($1, $2, $3, $4)`,
    // One statement, so the key and the events come from one snapshot.
    findAppend: `SELECT a.first_version, a.version_after, e.version, e.event
       FROM ${appends} a
       LEFT JOIN ${events} e
         ON e.ticket_id = a.ticket_id AND e.version BETWEEN a.first_version AND a.version_after
       WHERE a.ticket_id = $1 AND a.idempotency_key = $2
       ORDER BY e.version`,
    lastVersion: `SELECT coalesce(max(version), 0) AS version FROM ${events} WHERE ticket_id = $1`,
  }
}

type Statements = ReturnType<typeof statements>

type Outcome =
  | { readonly _tag: "Appended"; readonly appended: Appended }
  | { readonly _tag: "Conflict"; readonly actualVersion: number }
  | { readonly _tag: "ClaimLost" }

/** One append: a transaction of at most seven statements, linear in the events' size. */
const append = async (
  db: SqlClient,
  sql: Statements,
  ticketId: string,
  expectedVersion: number,
  events: ReadonlyArray<TicketEvent>,
  key: string | undefined,
  claim: string | undefined,
): Promise<Outcome> => {
  try {
    return await db.transaction(async (tx): Promise<Outcome> => {
      // A fenced append holds the claim row (FOR SHARE) until COMMIT, so no claimDue can hand the
      // ticket to another worker between this check and the append (claimDue skips locked rows).
      if (claim !== undefined) {
        const held = await tx.query(sql.holdClaim, [ticketId, token(claim)])
        if (held.rows.length === 0) return { _tag: "ClaimLost" }
      }
      // A creator makes the head row first. A second creator's INSERT waits for the first one's
      // transaction and then does nothing, so it meets the real version below, not a 23505.
      if (expectedVersion === 0 && events.length > 0) await tx.query(sql.createHead, [ticketId])
      // From here until COMMIT no other append to this ticket can run. Under READ COMMITTED every
      // statement after the lock sees what the previous holder committed, the key included.
      const head = await tx.query(sql.lockHead, [ticketId])
      const actualVersion = head.rows[0] === undefined ? 0 : integer(head.rows[0], "version")
      if (key !== undefined && head.rows[0] !== undefined) {
        const earlier = await findAppend(tx, sql, ticketId, key)
        if (earlier !== undefined) return { _tag: "Appended", appended: earlier }
      }
      if (actualVersion !== expectedVersion) return { _tag: "Conflict", actualVersion }
      // No events: nothing stored and no key recorded. The Desk probes a key this way before it
      // decides, so recording it here would turn the real append into a "duplicate".
      if (events.length === 0)
        return { _tag: "Appended", appended: { version: actualVersion, events: [], duplicate: false } }
      const versionAfter = expectedVersion + events.length
      const { json, stored } = encodeEvents(ticketId, expectedVersion, events)
      await tx.query(sql.insertEvents, [ticketId, expectedVersion, json])
      await tx.query(sql.setHead, [ticketId, versionAfter])
      if (key !== undefined) await tx.query(sql.recordKey, [ticketId, key, expectedVersion + 1, versionAfter])
      // The events as stored (copies, Dates revived): what a redelivery and a load will see.
      return { _tag: "Appended", appended: { version: versionAfter, events: stored, duplicate: false } }
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    // A unique violation means another writer stored this ticket's version (or key) first: a
    // writer that skipped the head lock, or a schema change that dropped it. The transaction is
    // rolled back; answer as if this append had come second.
    if (key !== undefined) {
      const earlier = await findAppend(db, sql, ticketId, key)
      if (earlier !== undefined) return { _tag: "Appended", appended: earlier }
    }
    const { rows } = await db.query(sql.lastVersion, [ticketId])
    return { _tag: "Conflict", actualVersion: rows[0] === undefined ? 0 : integer(rows[0], "version") }
  }
}

/** The append that used `key` on this ticket, answered again: its version and its events. */
const findAppend = async (
  on: SqlQueryable,
  sql: Statements,
  ticketId: string,
  key: string,
): Promise<Appended | undefined> => {
  const { rows } = await on.query(sql.findAppend, [ticketId, key])
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

/** Runs a driver call; whatever it throws becomes a StoreFailure naming the operation. */
const attempt = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, StoreFailure> =>
  Effect.tryPromise({
    try: run,
    catch: (cause) =>
      cause instanceof CorruptRow
        ? new StoreFailure({ operation, reason: cause.reason, cause: cause.detail })
        : new StoreFailure({ operation, reason: describeCause(cause), cause }),
  })
