// What test/postgres-server/worker.ts and the tests that spawn it share.
import { Calendar, FollowUp, ServiceLevel } from "servicekit"

/** The worker's task, passed as JSON in argv[2]. */
export interface WorkerParams {
  readonly mode: "tick" | "storm"
  readonly worker: string
  readonly url: string
  readonly leaseMs?: number
  readonly batchSize?: number
  readonly stall?: boolean
  /** A tick worker gives up (exit 1) when work is still due after this long. */
  readonly deadlineMs?: number
  readonly tickets?: ReadonlyArray<string>
  readonly perTicket?: number
  readonly concurrency?: number
}

export interface TickResult {
  readonly ticks: number
  readonly claimed: number
  readonly sent: number
  readonly failed: ReadonlyArray<string>
}

export interface StormResult {
  readonly commands: number
  readonly failures: Record<string, number>
  readonly conflicts: number
}

export const serviceLevel = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({ acknowledge: { within: "PT15M" } }),
})
