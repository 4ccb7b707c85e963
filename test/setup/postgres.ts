// The real PostgreSQL server of the run (started by test/setup/postgres-server.ts) as test files
// meet it: each file makes its own databases, so files running side by side never see each
// other's rows. The server and its databases go away at the end of the run.
import { randomBytes } from "node:crypto"
import pg from "pg"
import { inject } from "vitest"
import type { PostgresServer } from "./postgres-server.js"

/** Connection settings of the run's server, for `pg` (`new pg.Pool({ ...settings })`) and `postgres`. */
export interface DatabaseSettings {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
  readonly database: string
}

/** The run's server; a clear error when the file runs outside the project that starts it. */
export const postgresServer = (): PostgresServer => {
  const server = inject("postgres")
  if (server === undefined)
    throw new Error(
      "no PostgreSQL server in this run: test/setup/postgres-server.ts is the globalSetup of the " +
        '"core" project in vitest.config.ts; run this file in that project',
    )
  return server
}

/**
 * Creates an empty database on the run's server and answers how to reach it. `label` goes into
 * the name (lower case letters, digits and `_`), to make a failing run's databases recognisable.
 */
export const freshDatabase = async (label: string): Promise<DatabaseSettings & { readonly url: string }> => {
  const server = postgresServer()
  const name =
    `sk_${label.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_${randomBytes(4).toString("hex")}`.slice(0, 63)
  const admin = new pg.Client({ ...server })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`)
  } finally {
    await admin.end()
  }
  const settings = { ...server, database: name }
  const url = `postgres://${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${name}`
  return { ...settings, url }
}
