// The setup that docs/metrics.md's examples share: a Rome desk, its policies, two weeks of tickets,
// and two stand-ins for an app's storage (a list of rows in memory where a real app has a table).
import { Calendar, FollowUp, Sla, type Ticket } from "servicekit"

export const at = (iso: string): Date => new Date(iso)

const office = ["09:00-18:00"]
export const rome = Calendar.make({
  timeZone: "Europe/Rome",
  hours: { mon: office, tue: office, wed: office, thu: office, fri: office },
})
/** The instant the reports are made for: Monday 16 June 2025, 00:00 UTC. */
export const now = at("2025-06-16T00:00:00Z")
export const policies = [
  Sla.policy({ id: "standard", targets: { normal: { firstReply: "PT4H", resolution: "PT24H" } } }),
]
export const followUp = FollowUp.policy({ acknowledge: { within: "PT15M" } })

const channels = ["email", "chat", "phone"] as const
/** Twelve tickets over two weeks of June 2025, one opened every working day at 09:30 in Rome. */
export const histories: ReadonlyArray<ReadonlyArray<Ticket.TicketEvent>> = Array.from(
  { length: 12 },
  (_, i) => {
    const day = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 2, 9][i] ?? 2
    const opened = Date.UTC(2025, 5, day, 7, 30)
    const ticketId = `T-${i + 1}`
    const minutes = (m: number) => new Date(opened + m * 60_000)
    const history: Array<Ticket.TicketEvent> = [
      {
        type: "TicketOpened",
        ticketId,
        at: minutes(0),
        channel: channels[i % 3] ?? "email",
        priority: "normal",
        requester: { id: `c-${i}` },
      },
      { type: "AgentReplied", ticketId, at: minutes(20 + 40 * i), agentId: "a-1" },
    ]
    // Every ticket but the last two is solved the same day.
    if (i < 10) history.push({ type: "StatusChanged", ticketId, at: minutes(60 + 40 * i), status: "solved" })
    return history
  },
)
/** The tickets one shard (a worker, a partition, a day) reads. */
export const partition = histories

/** Where shards keep their JSON: a stand-in for a table or a bucket. */
export const store = (() => {
  const rows: Array<string> = []
  return { save: (text: string): void => void rows.push(text), all: (): ReadonlyArray<string> => rows }
})()

/** Where measures live beside their tickets: a stand-in for a table keyed by ticket. */
export const db = (() => {
  const rows = new Map<string, { json: string; changesAt: Date | null }>()
  return {
    saveMeasure: async (ticketId: string, json: string, changesAt: Date | null): Promise<void> => {
      rows.set(ticketId, { json, changesAt })
    },
    measures: async () => [...rows.values()],
  }
})()
