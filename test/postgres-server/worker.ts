// A Desk worker process on the shared database, for test/postgres-server/workers.test.ts. Run as
// `node --import tsx worker.ts '<json>'`; it says "ready" once connected, starts at a "go" line on
// stdin, and ends by printing "result <json>". Modes:
// - tick: ticks until nothing is due; its sink records each send (task id, worker, time) in
//   `sends`, and every claim it gets is recorded in `claims`. With `stall`, the sink records its
//   first deliveries and then never answers (says "stalled"): a worker to kill mid-tick.
// - storm: runs `perTicket` internal notes on each of `tickets`, `concurrency` at a time, with the
//   Desk's defaults; reports failures by tag and the store's ConcurrencyConflicts.
import { createInterface } from "node:readline"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import pg from "pg"
import { Desk } from "servicekit"
import { fromPg, postgresStore } from "servicekit/postgres"
import { type StormResult, serviceLevel, type TickResult, type WorkerParams } from "./shared.js"

const params = JSON.parse(process.argv[2] ?? "{}") as WorkerParams
const say = (line: string) => process.stdout.write(`${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const pool = new pg.Pool({ connectionString: params.url, max: 10 })
const db = fromPg(pool)
let conflicts = 0

/** The store, with this worker's claims recorded and its conflicts counted. */
const store = Layer.effect(
  Desk.TicketStore,
  Effect.gen(function* () {
    const inner = yield* Desk.TicketStore
    return Desk.TicketStore.of({
      ...inner,
      append: (ticketId, version, events, options) =>
        inner.append(ticketId, version, events, options).pipe(
          Effect.tapError((e) =>
            Effect.sync(() => {
              if (e._tag === "ConcurrencyConflict") conflicts++
            }),
          ),
        ),
      claimDue: (now, limit, leaseMs) =>
        Effect.tap(inner.claimDue(now, limit, leaseMs), (claims) =>
          claims.length === 0
            ? Effect.void
            : Effect.promise(() =>
                pool.query(
                  `INSERT INTO claims (worker, ticket_id, token, claimed_at, until)
                   SELECT $1, c.ticket_id, c.token, $3, $4 FROM unnest($2::text[], $5::text[]) AS c(ticket_id, token)`,
                  [
                    params.worker,
                    claims.map((c) => c.ticketId),
                    now,
                    now + leaseMs,
                    claims.map((c) => c.token),
                  ],
                ),
              ),
        ),
    })
  }),
).pipe(Layer.provide(postgresStore(db)))

let stalled = false
const desk = Desk.createDesk({
  config: {
    serviceLevel,
    ...(params.leaseMs === undefined ? {} : { leaseMs: params.leaseMs }),
    ...(params.batchSize === undefined ? {} : { batchSize: params.batchSize }),
  },
  store,
  send: async (task) => {
    await pool.query("INSERT INTO sends (task_id, worker, at) VALUES ($1, $2, $3)", [
      task.id,
      params.worker,
      Date.now(),
    ])
    if (params.stall) {
      if (!stalled) say("stalled")
      stalled = true
      await new Promise(() => {})
    }
  },
})

const tick = async (): Promise<TickResult> => {
  const deadline = Date.now() + (params.deadlineMs ?? 60_000)
  let ticks = 0
  let claimed = 0
  let sent = 0
  const failed: Array<string> = []
  for (;;) {
    const report = await desk.tick()
    ticks++
    claimed += report.claimed.length
    sent += report.sent.length
    failed.push(...report.failed.map((f) => `${f.ticketId} ${f.taskId ?? ""}: ${f.reason}`))
    if (report.claimed.length > 0) continue
    // Nothing to claim: done when nothing is due any more (claimed elsewhere or not), else wait
    // for other workers' leases to end.
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM ticket_due WHERE due_at IS NOT NULL AND due_at <= $1",
      [Date.now()],
    )
    if (rows[0]?.n === 0) return { ticks, claimed, sent, failed }
    if (Date.now() > deadline)
      throw new Error(
        `worker ${params.worker}: ${rows[0]?.n} tickets still due after ${params.deadlineMs} ms`,
      )
    await sleep(100)
  }
}

const storm = async (): Promise<StormResult> => {
  const tickets = params.tickets ?? []
  const commands = tickets.flatMap((id) => Array.from({ length: params.perTicket ?? 1 }, () => id))
  const failures: Record<string, number> = {}
  let next = 0
  const fiber = async () => {
    while (next < commands.length) {
      const k = next++
      try {
        await desk.execute(commands[k]!, { type: "AddInternalNote", agentId: `${params.worker}-${k}` })
      } catch (e) {
        const tag = (e as { _tag?: string })._tag ?? String(e)
        failures[tag] = (failures[tag] ?? 0) + 1
      }
    }
  }
  await Promise.all(Array.from({ length: params.concurrency ?? 16 }, fiber))
  return { commands: commands.length, failures, conflicts }
}

const main = async () => {
  // Warm up (connection, modules, the Desk) before the start line, so that workers start together.
  await pool.query("SELECT 1")
  await desk.status("warm-up").catch(() => undefined)
  say("ready")
  const lines = createInterface({ input: process.stdin })
  await new Promise<void>((resolve) => lines.once("line", () => resolve()))
  lines.close()
  const result = params.mode === "tick" ? await tick() : await storm()
  say(`result ${JSON.stringify(result)}`)
  await desk.dispose()
  await pool.end()
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
