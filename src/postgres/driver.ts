// The connection shapes the store runs on, and thin bindings for the two common drivers. Every
// driver is typed by shape: this module imports none of them, so none is a dependency.
import { InvalidPostgresInput } from "./errors.js"

/**
 * What the store needs from a connection: parameterised queries (`$1`, `$2` …), one statement per
 * call, answering rows as objects keyed by column name. A PGlite instance and a PGlite transaction
 * have this shape as they are.
 *
 * @example
 * ```ts
 * import type { SqlQueryable } from "servicekit/postgres"
 * const answers42: SqlQueryable = { query: async () => ({ rows: [{ answer: 42 }] }) }
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export interface SqlQueryable {
  /** Runs one statement with its parameters (`$1` …) and answers its rows. */
  readonly query: (
    sql: string,
    params?: Array<unknown>,
  ) => Promise<{ readonly rows: ReadonlyArray<Record<string, unknown>> }>
}

/**
 * A database the store can run transactions on: `transaction(fn)` runs `fn` on one connection
 * between BEGIN and COMMIT (ROLLBACK, and rejecting with the same error, when `fn` throws). Inside
 * `fn` the store uses only `tx`: a query on the client itself could wait for the transaction it is
 * in. A PGlite instance satisfies it as is; {@link fromPg} and {@link fromPostgresJs} adapt the
 * node-postgres and postgres.js drivers.
 *
 * Values as the store sends them: text, JS numbers for integer and `bigint` columns (whole
 * milliseconds, within 2^53), `null`. What it reads back: `integer` columns as numbers, `bigint`
 * ones only cast to text, `jsonb` parsed (every one of the three drivers parses it).
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import type { SqlClient } from "servicekit/postgres"
 * const db: SqlClient = await PGlite.create()
 * const { rows } = await db.transaction((tx) => tx.query("SELECT 1 + $1::int AS two", [1]))
 * rows // => [{ two: 2 }]
 * await (db as PGlite).close()
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export interface SqlClient extends SqlQueryable {
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  readonly transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => Promise<T>
}

/**
 * The part of a node-postgres `PoolClient` that {@link fromPg} uses.
 *
 * @example
 * ```ts
 * import type { PgPoolClientLike } from "servicekit/postgres"
 * const client: PgPoolClientLike = { query: async () => ({ rows: [] }), release: () => {} }
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export interface PgPoolClientLike extends SqlQueryable {
  /** Returns the client to its pool; with an error or `true`, destroys it instead. */
  readonly release: (destroy?: Error | boolean) => void
}

/**
 * The part of a node-postgres `Pool` that {@link fromPg} uses (typed by shape: servicekit does not
 * depend on `pg`).
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import type { PgPoolLike } from "servicekit/postgres"
 * const pool: PgPoolLike = new pg.Pool({ connectionString: "postgres://localhost/helpdesk" })
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export interface PgPoolLike extends SqlQueryable {
  /** Checks out one client for a transaction. */
  readonly connect: () => Promise<PgPoolClientLike>
}

/**
 * Adapts a node-postgres (`pg`) `Pool`: plain queries go to the pool, a transaction checks out one
 * client and runs `BEGIN ISOLATION LEVEL READ COMMITTED` … `COMMIT` on it: ROLLBACK when the
 * callback or the COMMIT fails, and a client whose ROLLBACK failed is destroyed rather than
 * returned to the pool. node-postgres hands `bigint` columns over as strings and parses `jsonb`,
 * as the store expects. Throws {@link InvalidPostgresInput} (field `pool`) for anything that is
 * not shaped like a pool.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { fromPg, postgresStore } from "servicekit/postgres"
 * const db = fromPg(new pg.Pool({ connectionString: "postgres://localhost/helpdesk" }))
 * const store = postgresStore(db) // Layer<Desk.TicketStore>; nothing connects until it is used
 * typeof db.transaction // => "function"
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export const fromPg = (pool: PgPoolLike): SqlClient => {
  requireMethods(pool, "pool", ["query", "connect"])
  return {
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
  }
}

/**
 * What {@link fromPostgresJs} uses of a postgres.js `sql` or transaction `sql`: `unsafe(text,
 * params)`, which resolves to an array of rows.
 *
 * @example
 * ```ts
 * import type { PostgresJsQueryable } from "servicekit/postgres"
 * const fake: PostgresJsQueryable = { unsafe: async () => [{ answer: 42 }] }
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export interface PostgresJsQueryable {
  /** Runs one statement with its parameters and answers its rows (method syntax: postgres.js types the parameters narrowly). */
  unsafe(query: string, parameters?: Array<never>): PromiseLike<ReadonlyArray<object>>
}

/**
 * The part of a postgres.js (`postgres`) `Sql` instance that {@link fromPostgresJs} uses (typed by
 * shape: servicekit does not depend on `postgres`).
 *
 * @example
 * ```ts
 * import postgres from "postgres"
 * import type { PostgresJsLike } from "servicekit/postgres"
 * const sql: PostgresJsLike = postgres("postgres://localhost/helpdesk")
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export interface PostgresJsLike extends PostgresJsQueryable {
  /** Runs `fn` in a transaction on a reserved connection (`BEGIN options` … COMMIT, ROLLBACK when it throws). */
  begin<T>(options: string, fn: (tx: PostgresJsQueryable) => Promise<T>): PromiseLike<unknown>
}

/**
 * Adapts a postgres.js (`postgres`) instance: plain queries run through `sql.unsafe(text,
 * params)`, a transaction through `sql.begin("ISOLATION LEVEL READ COMMITTED", …)`, which
 * reserves one connection, commits, and rolls back and rejects when the callback throws.
 * postgres.js hands `bigint` columns over as strings and parses `jsonb` by default, as the store
 * expects; keep those defaults (no `types` that parse `int8` to BigInt are needed, but they do no
 * harm: the store casts its `bigint` reads to text). Throws {@link InvalidPostgresInput} (field
 * `sql`) for anything that is not shaped like a postgres.js instance.
 *
 * @example
 * ```ts
 * import postgres from "postgres"
 * import { fromPostgresJs, postgresStore } from "servicekit/postgres"
 * const db = fromPostgresJs(postgres("postgres://localhost/helpdesk"))
 * const store = postgresStore(db) // Layer<Desk.TicketStore>; nothing connects until it is used
 * typeof db.query // => "function"
 * ```
 * @since 0.3.0
 * @category Drivers
 */
export const fromPostgresJs = (sql: PostgresJsLike): SqlClient => {
  requireMethods(sql, "sql", ["unsafe", "begin"])
  const queryable = (on: PostgresJsQueryable): SqlQueryable => ({
    query: async (text, params) => ({
      // postgres.js answers a RowList: an array of rows with extra properties; copy it to a plain one.
      rows: [
        ...((await on.unsafe(text, (params ?? []) as Array<never>)) as ReadonlyArray<
          Record<string, unknown>
        >),
      ],
    }),
  })
  const outside = queryable(sql)
  return {
    query: outside.query,
    transaction: async <T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> =>
      (await sql.begin("ISOLATION LEVEL READ COMMITTED", (tx) => fn(queryable(tx)))) as T,
  }
}

/**
 * Throws {@link InvalidPostgresInput} unless `value` is an object (or function) with these methods.
 * Checked once at the boundary, so that a wrong argument is named there, not in a failed query.
 */
export const requireMethods = (value: unknown, field: string, methods: ReadonlyArray<string>): void => {
  if ((typeof value !== "object" && typeof value !== "function") || value === null)
    throw new InvalidPostgresInput({
      field,
      reason: `expected a database client, received ${value === null ? "null" : typeof value}`,
    })
  for (const method of methods)
    if (typeof (value as Record<string, unknown>)[method] !== "function")
      throw new InvalidPostgresInput({
        field: `${field}.${method}`,
        reason: `expected a function (is this the right kind of client?), received ${typeof (value as Record<string, unknown>)[method]}`,
      })
}
