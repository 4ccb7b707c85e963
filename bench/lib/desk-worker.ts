/**
 * One Desk worker process of bench/desk-scale.bench.ts, on the PostgreSQL store: it reads its job
 * from the SERVICEKIT_JOB environment variable (JSON), waits until the start instant the parent
 * gave (so that all workers begin together), does the job and prints one line of JSON.
 *
 * - `execute`: `commands` internal notes on random tickets of `tickets`, `fibers` at a time; answers
 *   each command's latency in ms.
 * - `tick`: ticks until a tick claims nothing; answers the tickets claimed and follow-ups sent.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import pg from "pg"
import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"
import { fromPg, postgresStore } from "servicekit/postgres"

export interface WorkerJob {
  readonly kind: "execute" | "tick"
  readonly connection: pg.PoolConfig
  readonly startAt: number
  readonly seed: number
  readonly tickets: number
  readonly commands: number
  readonly fibers: number
}

export interface WorkerResult {
  readonly latenciesMs: ReadonlyArray<number>
  readonly claimed: number
  readonly sent: number
  readonly failed: number
  readonly startedAt: number
  readonly endedAt: number
  /** CPU time this process used for the job (user + system), in ms. */
  readonly cpuMs: number
}

/** The service level of the bench: an acknowledgement owed 15 minutes after a ticket opens. */
export const benchLevel = ServiceLevel.make({
  name: "Bench",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
})

const main = async () => {
  const job = JSON.parse(process.env.SERVICEKIT_JOB ?? "{}") as WorkerJob
  const pool = new pg.Pool({ ...job.connection, max: job.fibers + 1 })
  let sent = 0
  const sink = Layer.succeed(Desk.FollowUpSink, { send: () => Effect.sync(() => void sent++) })
  const layer = Desk.Desk.layer({ serviceLevel: benchLevel }).pipe(
    Layer.provide(Layer.merge(postgresStore(fromPg(pool)), sink)),
  )
  let state = job.seed >>> 0 || 1
  const random = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 4_294_967_296
  }
  const latencies: Array<number> = []
  let claimed = 0
  let failed = 0
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, job.startAt - Date.now())))
  const startedAt = Date.now()
  const cpu = process.cpuUsage()
  const program = Effect.gen(function* () {
    const desk = yield* Desk.Desk
    if (job.kind === "execute") {
      let next = 0
      const fiber = Effect.gen(function* () {
        while (next < job.commands) {
          next++
          const ticketId = `T-${Math.floor(random() * job.tickets)}`
          const t = performance.now()
          const outcome = yield* Effect.result(
            desk.execute(ticketId, { type: "AddInternalNote", agentId: "a-1" }),
          )
          latencies.push(performance.now() - t)
          if (outcome._tag === "Failure") failed++
        }
      })
      yield* Effect.all(
        Array.from({ length: job.fibers }, () => fiber),
        { concurrency: "unbounded", discard: true },
      )
    } else {
      for (;;) {
        const report = yield* desk.tick()
        claimed += report.claimed.length
        failed += report.failed.length
        if (report.claimed.length === 0) break
      }
    }
  })
  await Effect.runPromise(Effect.provide(program, layer))
  const endedAt = Date.now()
  const used = process.cpuUsage(cpu)
  await pool.end()
  const result: WorkerResult = {
    latenciesMs: latencies,
    claimed,
    sent,
    failed,
    startedAt,
    endedAt,
    cpuMs: (used.user + used.system) / 1000,
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

// Imported by the parent for the service level and the types: only a spawned worker runs.
if (process.env.SERVICEKIT_JOB !== undefined) await main()
