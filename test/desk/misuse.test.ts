// Misuse of the Desk gets a tagged error naming the field (issue 14, part 5).
import { Calendar, Desk, FollowUp, ServiceLevel } from "servicekit"
import { describe, expect, it } from "vitest"

const level = ServiceLevel.make({
  name: "Standard",
  calendar: Calendar.always,
  channels: ["email"],
  sla: [],
  followUp: FollowUp.policy({ acknowledge: { within: "PT1H" } }),
})
const open = { type: "OpenTicket", channel: "email", priority: "normal", requester: { id: "c-1" } } as const

describe("Desk.execute with an instant outside 1900–2399", () => {
  it("refuses command.at before 1900 naming command.at (it named config)", async () => {
    const desk = Desk.createDesk({ config: { serviceLevel: level }, send: async () => {} })
    try {
      const before = await desk
        .execute("T-1", { ...open, at: new Date("1850-01-01T00:00:00Z") })
        .catch((e: unknown) => e)
      expect(before).toMatchObject({ _tag: "InvalidDeskInput", field: "command.at" })
      const invalid = await desk
        .execute("T-1", { ...open, at: new Date(Number.NaN) })
        .catch((e: unknown) => e)
      expect(invalid).toMatchObject({ _tag: "InvalidDeskInput", field: "command.at" })
      const notADate = await desk.execute("T-1", { ...open, at: 0 as never }).catch((e: unknown) => e)
      expect(notADate).toMatchObject({ _tag: "InvalidDeskInput", field: "command.at" })
      await expect(desk.status("T-1")).rejects.toMatchObject({ _tag: "TicketNotFound" }) // nothing written
    } finally {
      await desk.dispose()
    }
  })
})
