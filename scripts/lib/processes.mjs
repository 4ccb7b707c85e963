// Child processes for the check scripts: one run as a promise, and jobs two at a time (the
// machines have two cores).
import { spawn } from "node:child_process"

/**
 * Runs `command` and resolves with its exit status and what it printed; never rejects. A run
 * longer than `options.timeout` ms (default 5 min) is killed and resolves with an `error`.
 */
export const runProcess = (command, args, options = {}) =>
  new Promise((resolve) => {
    const limit = options.timeout ?? 300_000
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => {
      stdout += d
    })
    child.stderr.on("data", (d) => {
      stderr += d
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), limit)
    child.on("close", (status, signal) => {
      clearTimeout(timer)
      const error = signal ? new Error(`killed by ${signal} (time limit ${limit} ms)`) : undefined
      resolve({ status, stdout, stderr, error })
    })
  })

/** Runs the jobs (functions returning promises) two at a time; the results in the jobs' order. */
export const twoAtATime = async (jobs) => {
  const results = new Array(jobs.length)
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++
      results[i] = await jobs[i]()
    }
  }
  await Promise.all([worker(), worker()])
  return results
}
