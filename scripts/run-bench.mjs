#!/usr/bin/env node
// Runs every benchmark in bench/ one after the other (benchmarks are not tests: they only print).
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"

const only = process.argv[2]
const files = readdirSync(new URL("../bench/", import.meta.url))
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort()
if (files.length === 0) console.log("no benchmarks yet")
for (const file of files) {
  console.log(`\n══ bench/${file}`)
  const run = spawnSync("tsx", [`bench/${file}`], { stdio: "inherit", shell: process.platform === "win32" })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
