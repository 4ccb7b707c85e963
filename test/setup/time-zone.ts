// Setup file of the time-zone projects (vitest.config.ts): proves that the worker really runs in
// the zone its project names, so a run that says "under Asia/Kolkata" was not silently under UTC.
// Zone names are not compared (ICU may canonicalise Asia/Kolkata to Asia/Calcutta): the process's
// local offsets are compared with the named zone's (through the naive reference's Intl reading,
// which does not read the process zone), in winter and in summer.
import { beforeAll, expect } from "vitest"
import { offsetAt } from "../calendar/reference.js"

const zone = process.env.TZ

beforeAll(() => {
  expect(zone, "a time-zone project sets TZ").toBeTruthy()
  for (const t of [new Date("2025-01-15T12:00:00Z"), new Date("2025-07-15T12:00:00Z")]) {
    // getTimezoneOffset is minutes west (and -0 in UTC, which toBe tells from 0).
    expect(-t.getTimezoneOffset() || 0, `the process offset at ${t.toISOString()} is ${zone}'s`).toBe(
      offsetAt(zone!, t.getTime()) / 60_000 || 0,
    )
  }
})
