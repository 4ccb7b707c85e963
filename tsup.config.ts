import { defineConfig } from "tsup"

// One entry per public subpath (see the "exports" map in package.json).
export const entries = [
  "index",
  "ticket/index",
  "calendar/index",
  "sla/index",
  "desk/index",
  "followup/index",
  "automation/index",
  "metrics/index",
  "testing/index",
  "postgres/index",
]

export default defineConfig({
  entry: Object.fromEntries(entries.map((e) => [e, `src/${e}.ts`])),
  format: ["esm", "cjs"],
  // tsup passes `baseUrl` to the declaration build, which TypeScript 6 deprecates.
  // Declarations come from tsc (scripts/build-types.mjs): bundled ones lose namespace types.
  dts: false,
  clean: true,
  sourcemap: true,
  treeshake: true,
  splitting: true,
  target: "es2022",
  external: ["effect", "zod", "date-fns", "date-fns-tz", "vitest", "@effect/vitest", "fast-check"],
})
