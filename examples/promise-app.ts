/**
 * A plain Node app that does not use Effect: the Desk through its Promise facade. Commands are
 * awaited, failures are ordinary `Error`s with a `_tag`, and a timer would call `tick()` every
 * minute or so (here it is called once, by hand). Time is the system clock; the commands below
 * carry explicit instants of June 2025, so the survey is long overdue when the tick runs.
 *
 *   npm exec -- tsx examples/promise-app.ts
 */
import { Calendar, Desk, FollowUp, ServiceLevel, Sla } from "servicekit"

const standard = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.make({
    timeZone: "Europe/Rome",
    hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["09:00-18:00"]])),
  }),
  channels: ["email", "chat"],
  sla: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H", resolution: "PT24H" } } })],
  followUp: FollowUp.policy({
    promises: { remindBefore: "PT30M" },
    survey: { kind: "csat", after: "PT1H", hours: "calendar" },
  }),
})

const outbox: Array<string> = []
const desk = Desk.createDesk({
  config: { serviceLevel: standard },
  // Any async delivery: an email API, a chat webhook, a job queue. Use task.id as the idempotency key.
  send: async (task) => {
    outbox.push(`${task.kind} for ${task.ticketId}: ${task.reason}`)
  },
})

const at = (iso: string) => new Date(iso)
/** An inbound email that opens a ticket; the mail gateway may deliver it more than once. */
const inboundMail: Desk.DeskCommand = {
  type: "OpenTicket",
  channel: "email",
  priority: "normal",
  requester: { id: "c-7", name: "Mara" },
  at: at("2025-06-03T08:00:00Z"),
}
try {
  await desk.execute("T-100", inboundMail, { idempotencyKey: "inbound-mail-7731" })
  // The mail gateway delivers the same message twice: the second delivery changes nothing.
  const again = await desk.execute("T-100", inboundMail, { idempotencyKey: "inbound-mail-7731" })
  console.log(`redelivered open: duplicate=${again.duplicate}, version ${again.version}`)
  await desk.execute("T-100", { type: "ChangeStatus", status: "open", at: at("2025-06-03T08:05:00Z") })
  await desk.execute("T-100", { type: "ReplyToCustomer", agentId: "a-luca", at: at("2025-06-03T08:10:00Z") })
  await desk.execute("T-100", { type: "ChangeStatus", status: "solved", at: at("2025-06-03T09:00:00Z") })

  const view = await desk.status("T-100")
  console.log(
    `T-100 is ${view.ticket.status}; first reply: ${view.sla.clocks.find((c) => c.metric === "firstReply")?.status}`,
  )
  console.log(
    `owed: ${view.followUps.tasks.map((t) => `${t.kind} (${t.state}, ${t.dueAt.toISOString()})`).join(", ")}`,
  )

  // A typed failure is an ordinary Error with a tag.
  try {
    await desk.execute("T-100", { type: "ChangeStatus", status: "onHold", at: at("2025-06-03T08:00:00Z") })
  } catch (error) {
    const tag = (error as { _tag?: string })._tag
    console.log(`refused (${tag}): ${(error as Error).message}`)
  }
  const report = await desk.tick()
  console.log(
    `tick at ${report.at.toISOString()}: ${report.sent.length} sent; outbox: ${outbox.length === 0 ? "empty" : outbox.join(" | ")}`,
  )
} finally {
  await desk.dispose()
}
