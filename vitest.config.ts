import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { PROPERTY_RUNS_SCALE } from "./test/setup/property-runs.js"

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url))

/**
 * The tests whose results could depend on the process time zone: everything that goes through a
 * calendar (local hours, holidays, DST), reads instants from JSON (ticket schema), or groups by
 * local period (metrics). They run once under each zone below; the rest (desk, docs, package,
 * sketch and statistics, testing helpers) runs once, under whatever zone the process has.
 */
const zoneSensitive = [
  "test/calendar/**/*.test.ts",
  "test/sla/**/*.test.ts",
  "test/followup/**/*.test.ts",
  "test/automation/**/*.test.ts",
  "test/ticket/**/*.test.ts",
  "test/metrics/accumulator.test.ts",
  "test/metrics/measure.test.ts",
  "test/metrics/scorecard.test.ts",
]

/**
 * Zones that differ in the ways that break time code: none (UTC), whole-hour DST west and east
 * (New York, Rome), negative half-hour with DST (St John's), half-hour without DST (Kolkata),
 * half-hour DST (Lord Howe), and +12:45/+13:45 across the date line (Chatham).
 */
export const zones = [
  "UTC",
  "America/New_York",
  "America/St_Johns",
  "Europe/Rome",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
] as const

// No verdict may depend on the machine's speed: a test fails on a wrong answer or a hang, not on
// a slow machine. The bound scales with the property run counts (npm run test:slow).
const timeout = 60_000 * Math.max(1, PROPERTY_RUNS_SCALE)

export default defineConfig({
  resolve: {
    alias: [
      { find: /^servicekit$/, replacement: src("index.ts") },
      { find: /^servicekit\/(.*)$/, replacement: src("$1/index.ts") },
    ],
  },
  test: {
    testTimeout: timeout,
    hookTimeout: timeout,
    // One worker runs many files, reusing its loaded modules: the per-file fork and import cost
    // was most of the suite's time (7 zones × 28 files). The library keeps only caches and
    // bounded registries at module level, which an app process shares across all its work too;
    // the suite passes in shuffled file orders this way (vitest run --sequence.shuffle).
    isolate: false,
    // Vitest's default keeps one core for itself (cores − 1), which is a single worker on a
    // 2-core machine; with workers reused it has little to do once the modules are transformed.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ["test/setup/properties.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "core",
          include: ["test/**/*.test.ts"],
          // One PostgreSQL server for the run (test/postgres-server/ uses it), only when a file of
          // this project runs: vitest runs a project's globalSetup only then.
          globalSetup: ["test/setup/postgres-server.ts"],
          exclude: zoneSensitive,
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
        },
      },
      // TZ goes into each project's forked workers' environment at spawn, so Date and Intl see it
      // from the start; test/setup/time-zone.ts checks that they do.
      ...zones.map((zone) => ({
        extends: true as const,
        test: {
          name: `tz:${zone}`,
          include: zoneSensitive,
          pool: "forks" as const,
          env: { TZ: zone },
          setupFiles: ["test/setup/time-zone.ts"],
        },
      })),
    ],
  },
})
