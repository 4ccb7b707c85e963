// The fault run (bench/lib/fault-run.ts), small: workers share one store for a simulated day while
// the store and the sink fail on purpose, before and after doing their work. Nothing owed is left
// unsent, nothing is sent twice without an injected fault to explain it, and nothing is lost.
// The full-size run and its figures: `npm run bench -- desk-faults` (docs/scaling.md).
import { describe, expect, it } from "vitest"
import { faultRun } from "../../bench/lib/fault-run.js"

describe("the Desk under injected store and sink faults", () => {
  for (const seed of [1, 2]) {
    it(`3 workers, one simulated day, seed ${seed}: owed-but-unsent, sent-twice-without-cause and lost are all zero`, async () => {
      const result = await faultRun({
        workers: 3,
        days: 1,
        ticketsPerDay: 100,
        storeFailBefore: 0.03,
        storeFailAfter: 0.03,
        sinkFailBefore: 0.05,
        sinkFailAfter: 0.03,
        seed,
      })
      // The run did what it is about: faults were injected, follow-ups went out, some twice for cause.
      expect(result.tickets).toBeGreaterThan(80)
      expect(result.storeFaults).toBeGreaterThan(50)
      expect(result.sinkFaults).toBeGreaterThan(3)
      expect(result.tasksDelivered).toBeGreaterThan(100)
      expect(result.repeatsWithCause).toBeGreaterThan(0)
      expect({
        owedButUnsent: result.owedButUnsent,
        sentTwiceWithoutCause: result.sentTwiceWithoutCause,
        lost: result.lost,
      }).toEqual({ owedButUnsent: 0, sentTwiceWithoutCause: 0, lost: 0 })
    })
  }
})
