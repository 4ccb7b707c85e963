#!/usr/bin/env node
// Runs every example in examples/ (top level) so that the documentation never drifts from the code.
// An example that needs outside data (a path argument) must run, and say so, without it.
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"

const files = readdirSync(new URL("../examples/", import.meta.url))
  .filter((f) => f.endsWith(".ts"))
  .sort()
let failed = 0
for (const file of files) {
  const run = spawnSync("tsx", [`examples/${file}`], {
    encoding: "utf8",
    shell: process.platform === "win32",
  })
  const ok = run.status === 0
  if (!ok) failed++
  console.log(`${ok ? "ok  " : "FAIL"} examples/${file}`)
  if (!ok) console.log(run.stdout, run.stderr)
}
console.log(`${files.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
