/**
 * Runs benchmark jobs in a worker thread with a watchdog, for code that may hang (a synchronous
 * infinite loop cannot be interrupted from the same thread). A benchmark file is its own worker
 * entry point:
 *
 * ```ts
 * if (isJobWorker()) serveJobs((setup, job) => …) // in the worker: answer each job
 * else {
 *   const results = await runJobs(new URL(import.meta.url), setup, jobs, { timeoutMs: 10_000 })
 * }
 * ```
 *
 * Jobs run one after another; a job that does not answer within its time limit is reported as
 * timed out, its worker is terminated, and a fresh worker takes the remaining jobs. The main
 * thread only waits meanwhile, so the worker has the core to itself.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads"

const MARK = "servicekit-bench-job-worker"

export type JobOutcome<R> =
  | { readonly ok: true; readonly value: R }
  | { readonly ok: false; readonly reason: string }

export interface RunJobsOptions<J> {
  /** Time limit per job, in ms. */
  readonly timeoutMs: number | ((job: J) => number)
  /** Extra time allowed for a fresh worker to start (load modules), in ms. Default 15 000. */
  readonly startupMs?: number
}

/** Whether this thread is a worker started by {@link runJobs}. */
export const isJobWorker = (): boolean =>
  !isMainThread && typeof workerData === "object" && workerData !== null && MARK in workerData

/** In a worker: the `setup` given to {@link runJobs}. */
export const jobSetup = <S>(): S => (workerData as Record<string, S>)[MARK]!

/** In a worker: answers each job with `handler(setup, job)` (a thrown error is reported as such). */
export const serveJobs = <S, J, R>(handler: (setup: S, job: J) => R): void => {
  const setup = jobSetup<S>()
  parentPort!.on("message", (job: J) => {
    try {
      parentPort!.postMessage({ ok: true, value: handler(setup, job) })
    } catch (error) {
      parentPort!.postMessage({ ok: false, reason: `throws: ${String(error).slice(0, 120)}` })
    }
  })
}

/** Runs `jobs` in a worker started from `entry` (see the module comment). */
export const runJobs = async <S, J, R>(
  entry: URL,
  setup: S,
  jobs: ReadonlyArray<J>,
  options: RunJobsOptions<J>,
): Promise<Array<JobOutcome<R>>> => {
  const startupMs = options.startupMs ?? 15_000
  const limitOf = (job: J) =>
    typeof options.timeoutMs === "number" ? options.timeoutMs : options.timeoutMs(job)
  const outcomes: Array<JobOutcome<R>> = []
  let worker: Worker | undefined
  let fresh = false
  for (const job of jobs) {
    if (worker === undefined) {
      worker = new Worker(entry, { workerData: { [MARK]: setup } })
      worker.unref()
      fresh = true
    }
    const w = worker
    const limit = limitOf(job) + (fresh ? startupMs : 0)
    fresh = false
    const outcome = await new Promise<JobOutcome<R> | "timeout">((resolve) => {
      const timer = setTimeout(() => resolve("timeout"), limit)
      const done = (o: JobOutcome<R> | "timeout") => {
        clearTimeout(timer)
        w.off("message", onMessage)
        w.off("error", onError)
        resolve(o)
      }
      const onMessage = (m: JobOutcome<R>) => done(m)
      const onError = (e: unknown) => done({ ok: false, reason: `worker error: ${String(e).slice(0, 120)}` })
      w.on("message", onMessage)
      w.on("error", onError)
      w.postMessage(job)
    })
    if (outcome === "timeout") {
      outcomes.push({ ok: false, reason: `no answer in ${(limitOf(job) / 1000).toFixed(0)} s (hangs?)` })
      await w.terminate()
      worker = undefined
    } else {
      outcomes.push(outcome)
      if (!outcome.ok && outcome.reason.startsWith("worker error")) {
        await w.terminate()
        worker = undefined
      }
    }
  }
  if (worker !== undefined) await worker.terminate()
  return outcomes
}
