// Setup file of every vitest project: fast-check's defaults for the properties that name no run
// count (100 runs, scaled like the others), and FC_SEED to replay a failure fast-check printed.
import fc from "fast-check"
import { runs } from "./property-runs.js"

const seed = process.env.FC_SEED
fc.configureGlobal({
  numRuns: runs(100),
  ...(seed === undefined || seed === "" ? {} : { seed: Number(seed) }),
})
