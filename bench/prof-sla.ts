import { Calendar, Sla } from "servicekit"
import { makePolicies, makeTickets, N, NOW, specOf } from "./lib/sla-workload.js"

const tickets = makeTickets(2025, N)
const calendar = Calendar.make(specOf("Europe/Rome"))
const opts = { policies: makePolicies(), calendar, now: new Date(NOW) }
let sink = 0
const run = () => {
  for (const t of tickets) sink += Sla.evaluate(t.events, opts).clocks.length
}
const out: string[] = []
for (let s = 0; s < 6; s++) {
  const t0 = performance.now()
  let n = 0
  while (performance.now() - t0 < 700) {
    run()
    n += tickets.length
  }
  out.push((n / (performance.now() - t0)).toFixed(0))
}
console.log(out.join(" "), "k/s", sink)
