// The PostgreSQL TicketStore (servicekit/postgres) on PGlite, Postgres compiled to WASM and run in
// this process: migrate, append and load a ticket, redeliver an append, claim due tickets.
// Against a real server, only the first line of `main` changes (fromPg or fromPostgresJs): see
// docs/postgres.md.
import { PGlite } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import { Desk, type Ticket } from "servicekit"
import { migrate, postgresStore } from "servicekit/postgres"

const T0 = Date.UTC(2025, 5, 3, 8, 0)
const MINUTE = 60_000

const opened: Ticket.TicketEvent = {
  type: "TicketOpened",
  ticketId: "T-1001",
  at: new Date(T0),
  channel: "email",
  priority: "high",
  requester: { id: "c-42", name: "Ada", timeZone: "Europe/Rome" },
  subject: "Refund for order #42",
}
const promised: Ticket.TicketEvent = {
  type: "PromiseMade",
  ticketId: "T-1001",
  at: new Date(T0 + 5 * MINUTE),
  promiseId: "p-1",
  dueAt: new Date(T0 + 60 * MINUTE),
  summary: "confirm the refund",
}

const program = Effect.gen(function* () {
  const store = yield* Desk.TicketStore
  const first = yield* store.append("T-1001", 0, [opened, promised], { idempotencyKey: "inbound-msg-1" })
  console.log(`appended ${first.events.length} events to T-1001, now at version ${first.version}`)
  // The same inbound message delivered twice (a webhook retry): nothing is appended again.
  const again = yield* store.append("T-1001", 0, [opened, promised], { idempotencyKey: "inbound-msg-1" })
  console.log(`redelivered: duplicate=${again.duplicate}, version ${again.version}`)

  const { version, events } = yield* store.load("T-1001")
  const due = events.find((e) => e.type === "PromiseMade")
  console.log(`loaded T-1001 at version ${version}: ${events.map((e) => e.type).join(", ")}`)
  console.log(`promise due ${due?.type === "PromiseMade" ? due.dueAt.toISOString() : "?"} (a Date again)`)

  const conflict = yield* Effect.flip(store.append("T-1001", 1, [promised]))
  console.log(`a writer at a stale version: ${conflict._tag}: ${conflict.message}`)

  yield* store.setNextDue("T-1001", T0 + 60 * MINUTE, 2)
  yield* store.setNextDue("T-1002", T0 + 30 * MINUTE, 1)
  const claimed = yield* store.claimDue(T0 + 90 * MINUTE, 10, 5 * MINUTE)
  const claimedAgain = yield* store.claimDue(T0 + 91 * MINUTE, 10, 5 * MINUTE)
  console.log(
    `due at +90 min: ${claimed.map((c) => c.ticketId).join(", ")}; a second worker a minute later gets [${claimedAgain.map((c) => c.ticketId)}]`,
  )
})

const main = async () => {
  const db = await PGlite.create()
  try {
    const { applied, version } = await migrate(db)
    console.log(`migrated to version ${version}, applying ${applied.map((m) => m.version).join(", ")}`)
    await Effect.runPromise(program.pipe(Effect.provide(postgresStore(db))))
  } finally {
    await db.close()
  }
}

await main()
