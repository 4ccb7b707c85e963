// The field named by the InvalidMetrics that `run` throws (any other outcome fails the test).
import { Metrics } from "servicekit"

export const fieldOf = (run: () => unknown): string => {
  try {
    run()
  } catch (e) {
    if (e instanceof Metrics.InvalidMetrics) return e.field
    throw e
  }
  throw new Error("expected InvalidMetrics, but nothing was thrown")
}
