// The reliability storm both stores face: 1 000 tickets opened, then 10 000 internal notes from
// concurrent fibers (every tenth delivered twice with the same idempotency key), then every
// ticket loaded back. Shared by the memory and the Postgres (PGlite) tests.
import * as Effect from "effect/Effect"
import { Desk } from "servicekit"
import { expect } from "vitest"

const tickets = Array.from({ length: 1_000 }, (_, k) => `T-${k}`)
const commands = Array.from({ length: 10_000 }, (_, k) => ({ ticket: tickets[(k * 7919) % 1_000]!, k }))

export const storm = (concurrency: number) =>
  Effect.gen(function* () {
    const desk = yield* Desk.Desk
    yield* Effect.forEach(
      tickets,
      (id) =>
        desk.execute(id, {
          type: "OpenTicket",
          channel: "email",
          priority: "normal",
          requester: { id: "c-1" },
        }),
      { concurrency, discard: true },
    )
    const outcomes = yield* Effect.forEach(
      [...commands, ...commands.filter(({ k }) => k % 10 === 0)],
      ({ ticket, k }) =>
        Effect.result(
          desk.execute(
            ticket,
            { type: "AddInternalNote", agentId: `a-${k}` },
            k % 10 === 0 ? { idempotencyKey: `note-${k}` } : undefined,
          ),
        ),
      { concurrency },
    )
    const store = yield* Desk.TicketStore
    const loaded = yield* Effect.forEach(tickets, (id) => store.load(id), { concurrency: 8 })
    return { outcomes, loaded }
  })

/** Every command accepted once, every redelivery answered as a duplicate, every note stored once. */
export const expectIntact = ({ outcomes, loaded }: Effect.Success<ReturnType<typeof storm>>): void => {
  const accepted = outcomes.filter((o) => o._tag === "Success" && !o.success.duplicate).length
  const duplicates = outcomes.filter((o) => o._tag === "Success" && o.success.duplicate).length
  expect(outcomes.every((o) => o._tag === "Success")).toBe(true)
  expect(accepted).toBe(10_000)
  expect(duplicates).toBe(1_000)
  const perTicket = new Map<string, number>()
  for (const { ticket } of commands) perTicket.set(ticket, (perTicket.get(ticket) ?? 0) + 1)
  let notes = 0
  loaded.forEach(({ events, version }, i) => {
    const own = events.filter((e) => e.type === "NoteAdded").map((e) => (e as { agentId: string }).agentId)
    expect(own.length).toBe(perTicket.get(tickets[i]!) ?? 0)
    expect(new Set(own).size).toBe(own.length)
    expect(version).toBe(events.length)
    notes += own.length
  })
  expect(notes).toBe(accepted)
}
