#!/usr/bin/env node
// The package's declarations, written by tsc itself rather than a bundler: one .d.ts per source
// file, so a namespace export (`export * as Ticket`) keeps both the types and the values of its
// module (bundled declarations turned `Ticket.TicketEvent` into a value-only alias).
// tsc writes ESM declarations (.d.ts, for the "import" condition); each gets a twin .d.cts for
// the "require" condition whose relative imports name .cjs files, so that TypeScript reads the
// CommonJS build's types as CommonJS all the way down.
import { spawnSync } from "node:child_process"
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const tsc = spawnSync("tsc", ["-p", "tsconfig.build.json"], {
  stdio: "inherit",
  shell: process.platform === "win32",
})
if (tsc.status !== 0) process.exit(tsc.status ?? 1)

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })

// Relative specifiers only ("./x.js", "../y/index.js"); package imports stay as they are.
const relativeJs = /(["'])(\.{1,2}\/[^"']*?)\.js\1/g
let count = 0
for (const file of walk("dist").filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(file, "utf8").replace(relativeJs, "$1$2.cjs$1")
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text)
  count++
}
console.log(`build-types: ${count} declaration files, each as .d.ts and .d.cts`)
