#!/usr/bin/env node
// The exhaustive run, for CI to schedule apart from `npm test`: the whole vitest suite (every
// project: the core files once, the time-zone-sensitive files under each zone) with every
// property test making PROPERTY_RUNS_SCALE times its usual runs (default 10 here). Timeouts scale
// with it (vitest.config.ts). Extra arguments go to vitest, e.g. `npm run test:slow -- calendar`.
// A failure prints fast-check's seed; FC_SEED=<seed> with the same scale replays it.
// The fuzz test of every public entry point runs 20 000 inputs per entry point here (FUZZ_RUNS),
// each call held to 100 ms (FUZZ_BOUND_MS): run it on a quiet machine.
import { spawnSync } from "node:child_process"

const scale = process.env.PROPERTY_RUNS_SCALE || "10"
console.log(`vitest run, property runs × ${scale}`)
const run = spawnSync("vitest", ["run", ...process.argv.slice(2)], {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: {
    ...process.env,
    PROPERTY_RUNS_SCALE: scale,
    FUZZ_RUNS: process.env.FUZZ_RUNS || "20000",
    FUZZ_BOUND_MS: process.env.FUZZ_BOUND_MS || "100",
  },
})
process.exit(run.status ?? 1)
