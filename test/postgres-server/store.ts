// The PostgreSQL store under test and its driver bindings, in one place for the real-server tests
// and their worker processes.
// TODO(switch): import from "servicekit/postgres" (migrate, postgresStore, fromPg, fromPostgresJs)
// once src/postgres/index.ts lands; until then the example adapter and a local postgres.js binding.
import type { Sql } from "postgres"
import {
  fromPgPool as fromPg,
  migrate,
  postgresStore,
  type SqlClient,
  type SqlQueryable,
} from "../../examples/postgres/adapter.js"

export { fromPg, migrate, postgresStore, type SqlClient }

// postgres.js serialises a parameter the server describes as json/jsonb with JSON.stringify, so the
// adapter's JSON text for `$3::jsonb` would arrive as one JSON string ("cannot extract elements from
// a scalar"); described as text, it is sent as is and cast by the server.
const jsonbAsText = (text: string) => text.replace(/(\$\d+)::jsonb\b/g, "$1::text::jsonb")

const rowsOf =
  (sql: Pick<Sql, "unsafe">): SqlQueryable["query"] =>
  async (text, params) => ({
    rows: (await sql.unsafe(jsonbAsText(text), (params ?? []) as Array<never>)) as unknown as ReadonlyArray<
      Record<string, unknown>
    >,
  })

/** postgres.js as a SqlClient: `unsafe` for parameterised text, `begin` for transactions. */
export const fromPostgresJs = (sql: Sql): SqlClient => ({
  query: rowsOf(sql),
  transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) =>
    sql.begin("isolation level read committed", (tx) => fn({ query: rowsOf(tx) })) as Promise<T>,
})
