#!/usr/bin/env node
// Runs every benchmark in bench/ one after the other (benchmarks are not tests: they only print).
// They measure the built package (dist/, as users get it), so this builds first; bench/tsconfig.json
// maps "servicekit" to dist for tsx.
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"

const only = process.argv[2]
const files = readdirSync(new URL("../bench/", import.meta.url))
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort()
if (files.length === 0) console.log("no benchmarks yet")
const build = spawnSync("npm", ["run", "build", "--silent"], {
  stdio: ["ignore", "ignore", "inherit"],
  shell: process.platform === "win32",
})
if (build.status !== 0) process.exit(build.status ?? 1)
for (const file of files) {
  console.log(`\n══ bench/${file}`)
  const run = spawnSync("tsx", ["--tsconfig", "bench/tsconfig.json", `bench/${file}`], {
    stdio: "inherit",
    shell: process.platform === "win32",
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
