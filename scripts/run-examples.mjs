#!/usr/bin/env node
// Runs every example in examples/ (top level) so that the documentation never drifts from the code,
// two at a time (the machine has two cores). An example that needs outside data (a path argument)
// must run, and say so, without it.
import { spawn } from "node:child_process"
import { readdirSync } from "node:fs"

const files = readdirSync(new URL("../examples/", import.meta.url))
  .filter((f) => f.endsWith(".ts"))
  .sort()

const run = (file) =>
  new Promise((resolve) => {
    const child = spawn("tsx", [`examples/${file}`], { shell: process.platform === "win32" })
    let output = ""
    child.stdout.on("data", (d) => {
      output += d
    })
    child.stderr.on("data", (d) => {
      output += d
    })
    child.on("close", (status) => resolve({ file, ok: status === 0, output }))
  })

const results = new Array(files.length)
let next = 0
const worker = async () => {
  while (next < files.length) {
    const i = next++
    results[i] = await run(files[i])
  }
}
await Promise.all([worker(), worker()])

let failed = 0
for (const { file, ok, output } of results) {
  if (!ok) failed++
  console.log(`${ok ? "ok  " : "FAIL"} examples/${file}`)
  if (!ok) console.log(output)
}
console.log(`${files.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
