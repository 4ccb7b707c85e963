#!/usr/bin/env node
// Why this exists: the registry this project is developed against serves only the platform
// packages of the machines it runs on (linux, glibc). `npm install` then leaves the other
// platforms' optional binaries (esbuild, biome, rolldown …) out of package-lock.json, and
// `npm ci` rejects that lockfile as out of sync (npm/cli#9846). This script records each
// missing optional platform package in the lockfile with the os/cpu/libc its name declares,
// so that `npm ci` skips it by platform, exactly as it would with a complete lockfile.
// Run it after every `npm install` that changes dependencies: `node scripts/lock-optional-platforms.mjs`.
import { readFileSync, writeFileSync } from "node:fs"

const OS = [
  "android",
  "darwin",
  "freebsd",
  "linux",
  "win32",
  "openbsd",
  "netbsd",
  "sunos",
  "aix",
  "openharmony",
  "cygwin",
]
const CPU = [
  "arm64",
  "x64",
  "arm",
  "ia32",
  "ppc64",
  "s390x",
  "riscv64",
  "loong64",
  "mips64el",
  "wasm32",
  "x32",
]
const path = new URL("../package-lock.json", import.meta.url)
const lock = JSON.parse(readFileSync(path, "utf8"))
const packages = lock.packages
let added = 0

for (const [where, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const version = range.replace(/^[\^~=]/, "")
    const nested = `${where ? `${where}/` : ""}node_modules/${name}`
    const hoisted = `node_modules/${name}`
    if (packages[nested] || packages[hoisted]?.version === version) continue
    // A hoisted copy of another version means this one must sit beside its parent.
    const at = packages[hoisted] ? nested : hoisted
    const tokens = name.split(/[/@-]/)
    const os = OS.filter((t) => tokens.includes(t))
    let cpu = CPU.filter((t) => tokens.includes(t))
    if (tokens.includes("wasi")) cpu = ["wasm32"]
    if (name === "fsevents") os.push("darwin")
    if (os.length === 0 && cpu.length === 0) {
      // Not a platform binary (e.g. graceful-fs): npm resolves it the ordinary way.
      continue
    }
    const stub = { version, dev: entry.dev || undefined, optional: true }
    if (os.length) stub.os = os
    if (cpu.length) stub.cpu = cpu
    if (tokens.includes("musl")) stub.libc = ["musl"]
    else if (tokens.includes("gnu") || (os[0] === "linux" && !tokens.includes("musl"))) stub.libc = ["glibc"]
    packages[at] = stub
    added++
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
)
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`recorded ${added} optional platform package(s) the registry does not serve here`)
