// Setup file of the time-zone projects (vitest.config.ts): proves that the worker really runs in
// the zone its project names, so a run that says "under Asia/Kolkata" was not silently under UTC.
// Zone names are not compared (ICU may canonicalise Asia/Kolkata to Asia/Calcutta): the process's
// local offsets are compared with the named zone's, in winter and in summer.
import { beforeAll, expect } from "vitest"

const zone = process.env.TZ

/** Minutes east of UTC in `timeZone` at `t`, through Intl (which does not read the process zone). */
const offsetIn = (timeZone: string, t: Date): number => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(t)
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"))
  return (local - t.getTime()) / 60_000
}

beforeAll(() => {
  expect(zone, "a time-zone project sets TZ").toBeTruthy()
  for (const t of [new Date("2025-01-15T12:00:00Z"), new Date("2025-07-15T12:00:00Z")]) {
    // getTimezoneOffset is minutes west (and -0 in UTC, which toBe tells from 0).
    expect(-t.getTimezoneOffset() || 0, `the process offset at ${t.toISOString()} is ${zone}'s`).toBe(
      offsetIn(zone!, t),
    )
  }
})
