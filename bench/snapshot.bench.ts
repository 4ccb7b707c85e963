/**
 * SLA snapshots: the cost of a ticket's SLA status as its history grows to 10 000 events, folding
 * the whole history (`Sla.evaluate`) beside restoring a stored snapshot (`Sla.restore` of the JSON
 * text, 5 new events with `Sla.step`, then `Sla.evaluateState`). Two histories: one where most
 * events are notes and field changes (cycles stay few), one where every fourth event is a public
 * reply to a customer message (the repeating reply clocks gain a cycle per exchange, and the
 * status lists every cycle). Not a test: it prints.
 *
 *   npm run bench -- snapshot        (or: npm exec -- tsx --tsconfig bench/tsconfig.json bench/snapshot.bench.ts)
 */
import * as Result from "effect/Result"
import { Calendar, Sla, type Ticket } from "servicekit"

const MINUTE = 60_000
const T0 = Date.UTC(2025, 5, 2, 8)
const policies = [
  Sla.policy({
    id: "std",
    targets: { normal: { firstReply: "PT1H", nextReply: "PT4H", resolution: "P3D" } },
  }),
]

const history = (n: number, chatty: boolean): Array<Ticket.TicketEvent> => {
  const ticketId = "T-1"
  const events: Array<Ticket.TicketEvent> = [
    {
      type: "TicketOpened",
      ticketId,
      at: new Date(T0),
      channel: "email",
      priority: "normal",
      requester: { id: "c-1" },
    },
  ]
  for (let i = 1; i < n; i++) {
    const at = new Date(T0 + i * MINUTE)
    const k = i % 4
    if (chatty && k === 1) events.push({ type: "CustomerMessaged", ticketId, at })
    else if (chatty && k === 2) events.push({ type: "AgentReplied", ticketId, at, agentId: "a-1" })
    else if (i === 2) events.push({ type: "AgentReplied", ticketId, at, agentId: "a-1" })
    else if (k === 3) events.push({ type: "FieldSet", ticketId, at, field: "seats", value: i })
    else events.push({ type: "NoteAdded", ticketId, at, agentId: "a-2" })
  }
  return events
}

/** Mean µs per call of `f`, over at least 300 ms after a warm-up. */
const time = (f: () => unknown): number => {
  for (let i = 0; i < 20; i++) f()
  let calls = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < 300) {
    f()
    calls++
    elapsed = performance.now() - start
  }
  return (elapsed * 1000) / calls
}

const TAIL = 5
console.log("Sla status of one ticket: whole fold vs snapshot + 5 events (µs per status, lower is better)\n")
console.log("history  events   evaluate(all)   restore+5+evaluateState   snapshot bytes   ratio")
for (const chatty of [false, true])
  for (const n of [100, 1_000, 10_000]) {
    const events = history(n, chatty)
    const now = new Date(T0 + (n + 10) * MINUTE)
    const options = { policies, calendar: Calendar.always, now }
    const head = events.slice(0, n - TAIL)
    const tail = events.slice(n - TAIL)
    const text = JSON.stringify(Sla.snapshot(head.reduce(Sla.step, Sla.initial())))
    const whole = time(() => Sla.evaluate(events, options))
    const resumed = time(() => {
      const state = Result.getOrThrow(Sla.restore(JSON.parse(text)))
      return Sla.evaluateState(tail.reduce(Sla.step, state), options)
    })
    console.log(
      `${(chatty ? "replies" : "notes").padEnd(8)} ${String(n).padStart(6)}   ${whole.toFixed(1).padStart(13)}   ${resumed.toFixed(1).padStart(23)}   ${String(text.length).padStart(14)}   ${(whole / resumed).toFixed(1).padStart(5)}×`,
    )
  }
