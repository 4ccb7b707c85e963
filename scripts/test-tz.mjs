#!/usr/bin/env node
// Runs the vitest suite once per process time zone: results must never depend on TZ.
import { spawnSync } from "node:child_process"

const zones = ["UTC", "America/New_York", "Europe/Rome", "Asia/Kolkata", "Australia/Lord_Howe"]
for (const zone of zones) {
  console.log(`\n── vitest under TZ=${zone}`)
  const run = spawnSync("vitest", ["run", "--reporter=dot"], {
    stdio: "inherit",
    shell: process.platform === "win32",
    env: { ...process.env, TZ: zone },
  })
  if (run.status !== 0) {
    console.error(`vitest failed under TZ=${zone}`)
    process.exit(run.status ?? 1)
  }
}
