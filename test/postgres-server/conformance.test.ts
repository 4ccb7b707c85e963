// The TicketStore conformance suite on a real PostgreSQL 18 server (not PGlite, which runs one
// transaction at a time): through node-postgres (a pg.Pool) and through postgres.js, so the row
// locks, SKIP LOCKED claims and racing writers run with real parallelism on real connections.
import pg from "pg"
import postgres from "postgres"
import { fromPg, fromPostgresJs, migrate, postgresStore, type SqlClient } from "servicekit/postgres"
import { ticketStoreConformance } from "servicekit/testing"
import { afterAll, beforeAll, describe, it } from "vitest"
import { freshDatabase } from "../setup/postgres.js"

const truncate = "TRUNCATE tickets, ticket_events, ticket_appends, ticket_due"

describe("on PostgreSQL 18 through node-postgres (pg.Pool)", () => {
  let pool: pg.Pool | undefined
  let db: SqlClient | undefined
  beforeAll(async () => {
    pool = new pg.Pool({ ...(await freshDatabase("conformance_pg")), max: 20 })
    db = fromPg(pool)
    await migrate(db)
  })
  afterAll(async () => {
    await pool?.end()
  })
  ticketStoreConformance("postgres (server, pg)", {
    describe,
    it,
    makeStore: async () => {
      if (db === undefined) throw new Error("the pool is made in beforeAll")
      await db.query(truncate)
      return postgresStore(db)
    },
  })
})

describe("on PostgreSQL 18 through postgres.js", () => {
  let sql: postgres.Sql | undefined
  let db: SqlClient | undefined
  beforeAll(async () => {
    const { url } = await freshDatabase("conformance_postgresjs")
    sql = postgres(url, { max: 20, onnotice: () => {} })
    db = fromPostgresJs(sql)
    await migrate(db)
  })
  afterAll(async () => {
    await sql?.end({ timeout: 5 })
  })
  ticketStoreConformance("postgres (server, postgres.js)", {
    describe,
    it,
    makeStore: async () => {
      if (db === undefined) throw new Error("the client is made in beforeAll")
      await db.query(truncate)
      return postgresStore(db)
    },
  })
})
