// The Desk's reliability storm (test/desk/storm.ts) on a real PostgreSQL 18 server: 1 000 tickets,
// then 10 000 commands (every tenth delivered twice) from 32 concurrent fibers over a pool of
// connections, so appends to one ticket really race in the database. With the Desk's default
// maxAttempts: inside one process the Desk serialises each ticket's writers, so none may fail.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TestClock } from "effect/testing"
import pg from "pg"
import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"
import { fromPg, migrate, postgresStore } from "servicekit/postgres"
import { afterAll, describe, expect, it } from "vitest"
import { expectIntact, storm } from "../desk/storm.js"
import { freshDatabase } from "../setup/postgres.js"

const standard = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
})

let pool: pg.Pool | undefined
afterAll(async () => {
  await pool?.end()
})

describe("Desk reliability on PostgreSQL 18 (server): 10 000 commands from concurrent fibers over 1 000 tickets", () => {
  it("the final event counts equal the accepted commands; no event lost or duplicated, none failed", async () => {
    pool = new pg.Pool({ ...(await freshDatabase("storm")), max: 32 })
    const db = fromPg(pool)
    await migrate(db)
    const store = postgresStore(db)
    const live = Layer.merge(
      Desk.Desk.layer({ serviceLevel: standard }).pipe(
        Layer.provide(Layer.merge(store, Desk.recordingSink().layer)),
      ),
      store,
    )
    const program = Effect.flatMap(TestClock.setTime(Date.UTC(2025, 5, 3, 8)), () => storm(64))
    const result = await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(live, TestClock.layer()))))
    expectIntact(result)
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM ticket_events")
    expect(rows[0]?.n).toBe(11_000)
  })
})
