/**
 * The Desk's store on PostgreSQL: `postgresStore(db)` is a `Layer<Desk.TicketStore>` that any
 * number of worker processes can share (row locks per ticket, `FOR UPDATE SKIP LOCKED` claims with
 * leases and fencing tokens), `migrate(db)` brings the tables up to date (numbered migrations, safe
 * from many processes at once), and `fromPg` / `fromPostgresJs` adapt the node-postgres and
 * postgres.js drivers, typed by shape so that neither is a dependency. A PGlite instance works as
 * it is, for tests and single-process apps. The guide: `docs/postgres.md`.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite"
 * import { migrate, postgresStore } from "servicekit/postgres"
 * const db = await PGlite.create()
 * const { version } = await migrate(db)
 * version // => 2
 * const store = postgresStore(db) // provide it to Desk.Desk.layer, or pass it to Desk.createDesk
 * await db.close()
 * ```
 * @module
 */
export {
  fromPg,
  fromPostgresJs,
  type PgPoolClientLike,
  type PgPoolLike,
  type PostgresJsLike,
  type PostgresJsQueryable,
  type SqlClient,
  type SqlQueryable,
} from "./driver.js"
export { InvalidPostgresInput, MigrationFailed } from "./errors.js"
export { type Migrated, type Migration, migrate, migrations } from "./migrations.js"
export type { PostgresOptions } from "./options.js"
export { postgresStore } from "./store.js"
