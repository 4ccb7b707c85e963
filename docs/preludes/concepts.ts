// The setup that the examples of docs/concepts.md share: the P1–P4 desk's vocabulary, which the
// doc introduces in "The desk vocabulary"; the blocks after that import it from here.
import { Ticket } from "servicekit"

export const at = (iso: string): Date => new Date(iso)

/** A P1–P4 desk that also answers on WhatsApp, with two statuses and five fields of its own. */
export const desk = Ticket.vocabulary({
  channels: ["email", "chat", "phone", "whatsapp"],
  priorities: ["P4", "P3", "P2", "P1"],
  statuses: { awaitingVendor: "onHold", inProgress: "open" },
  fields: { plan: "string", seats: "number", renewalDate: "date", vip: "boolean", components: "strings" },
})
