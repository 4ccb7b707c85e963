#!/usr/bin/env node
// Runs every example in examples/ (top level) so that the documentation never drifts from the code,
// two at a time (the machine has two cores). An example that needs outside data (a path argument)
// must run, and say so, without it.
import { readdirSync } from "node:fs"
import { runProcess, twoAtATime } from "./lib/processes.mjs"

const files = readdirSync(new URL("../examples/", import.meta.url))
  .filter((f) => f.endsWith(".ts"))
  .sort()

const results = await twoAtATime(
  files.map((file) => async () => {
    const r = await runProcess("tsx", [`examples/${file}`], { shell: process.platform === "win32" })
    return { file, ok: r.status === 0 && r.error === undefined, output: `${r.stdout}${r.stderr}` }
  }),
)

let failed = 0
for (const { file, ok, output } of results) {
  if (!ok) failed++
  console.log(`${ok ? "ok  " : "FAIL"} examples/${file}`)
  if (!ok) console.log(output)
}
console.log(`${files.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
