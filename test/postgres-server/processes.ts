// Worker processes (test/postgres-server/worker.ts) as the tests drive them: spawned with this
// Node and tsx (which maps "servicekit" to src/ through tsconfig paths), every wait bounded.
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { WorkerParams } from "./shared.js"

const root = fileURLToPath(new URL("../../", import.meta.url))
const script = fileURLToPath(new URL("./worker.ts", import.meta.url))

export interface Worker {
  readonly name: string
  readonly child: ChildProcess
  /** Resolves when the worker prints `line` (or a line starting with it), with that line. */
  readonly waitFor: (line: string, ms: number) => Promise<string>
  /** Lets the worker start its work. */
  readonly go: () => void
  /** The worker's "result" JSON once it exits with 0; rejects with its output otherwise. */
  readonly result: <T>(ms: number) => Promise<T>
  readonly output: () => string
}

const alive = new Set<ChildProcess>()

/** Kills every worker still running (the tests' afterEach: nothing outlives a failed test). */
export const killAll = (): void => {
  for (const child of alive) child.kill("SIGKILL")
  alive.clear()
}

export const startWorker = (params: WorkerParams): Worker => {
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(params)], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  })
  alive.add(child)
  let stdout = ""
  let stderr = ""
  const waiting: Array<() => void> = []
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d
    for (const wake of waiting.splice(0)) wake()
  })
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d
  })
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => {
      alive.delete(child)
      for (const wake of waiting.splice(0)) wake()
      resolve(code ?? signal ?? "unknown")
    }),
  )
  const output = () => `--- stdout of ${params.worker} ---\n${stdout}\n--- stderr ---\n${stderr}`
  const found = (line: string) => stdout.split("\n").find((l) => l.startsWith(line))
  const bounded = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined
    return Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`worker ${params.worker}: ${what} within ${ms} ms\n${output()}`)),
          ms,
        )
      }),
    ]).finally(() => clearTimeout(timer))
  }
  const waitFor = (line: string, ms: number) =>
    bounded(
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const hit = found(line)
          if (hit !== undefined) resolve(hit)
          else if (child.exitCode !== null || child.signalCode !== null)
            reject(new Error(`worker ${params.worker} exited before "${line}"\n${output()}`))
          else waiting.push(check)
        }
        check()
      }),
      ms,
      `no "${line}"`,
    )
  return {
    name: params.worker,
    child,
    waitFor,
    go: () => child.stdin?.write("go\n"),
    result: async <T>(ms: number) => {
      const code = await bounded(exited, ms, "did not exit")
      const line = found("result ")
      if (code !== 0 || line === undefined)
        throw new Error(`worker ${params.worker} ended with ${code}\n${output()}`)
      return JSON.parse(line.slice("result ".length)) as T
    },
    output,
  }
}
