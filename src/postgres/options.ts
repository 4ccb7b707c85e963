// The options shared by the store and the migrations: where the tables live.
import { InvalidPostgresInput } from "./errors.js"

/**
 * Options of {@link postgresStore} and {@link migrate}.
 *
 * - `schema`: the PostgreSQL schema that holds servicekit's tables, for a database shared with
 *   other tables (`tickets` is a common name). A lowercase identifier: letters, digits and `_`,
 *   starting with a letter or `_`, at most 63 characters, not starting with `pg_`. `migrate`
 *   creates it if it does not exist. Without it, table names are left unqualified and resolve
 *   through the connection's `search_path` (usually `public`), as the example adapter's did.
 *
 * @example
 * ```ts
 * import type { PostgresOptions } from "servicekit/postgres"
 * const options: PostgresOptions = { schema: "servicekit" }
 * ```
 * @since 0.3.0
 * @category Options
 */
export interface PostgresOptions {
  readonly schema?: string | undefined
}

/** The validated options: `schema` as a quoted identifier, or undefined for the search_path. */
export interface Resolved {
  readonly schema: string | undefined
  /** A table or sequence name, qualified with the schema when there is one. */
  readonly name: (table: string) => string
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/

/** Checks the options once, at the boundary; throws {@link InvalidPostgresInput} naming the field. */
export const resolveOptions = (options: unknown): Resolved => {
  if (options === undefined) return { schema: undefined, name: (table) => table }
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InvalidPostgresInput({
      field: "options",
      reason: `expected an object, received ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`,
    })
  for (const key of Object.keys(options))
    if (key !== "schema")
      throw new InvalidPostgresInput({
        field: `options.${key}`,
        reason: "unknown option (the options are: schema)",
      })
  const schema = (options as { readonly schema?: unknown }).schema
  if (schema === undefined) return { schema: undefined, name: (table) => table }
  if (typeof schema !== "string" || !identifier.test(schema) || schema.startsWith("pg_"))
    throw new InvalidPostgresInput({
      field: "options.schema",
      reason:
        `expected a lowercase identifier (letters, digits and _, starting with a letter or _, ` +
        `at most 63 characters, not pg_…), received ${typeof schema === "string" ? JSON.stringify(schema.slice(0, 80)) : typeof schema}`,
    })
  // Quoted although it need not be: a reserved word ("user", "order") is a valid schema name then.
  return { schema, name: (table) => `"${schema}".${table}` }
}
