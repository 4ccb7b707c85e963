// A naive SLA reference, written from DESIGN.md's table alone (it does not import src/sla): it
// walks a ticket minute by minute from its opening to `now`, keeps the ticket's status and every
// clock's cycles, and counts each minute a cycle runs — in wall time, and in business time when
// the minute is open by a per-minute local-time check. Exact for minute-granular histories.
import type { Ticket } from "servicekit"

const MINUTE = 60_000

export const metrics = [
  "firstReply",
  "nextReply",
  "periodicUpdate",
  "pausableUpdate",
  "requesterWait",
  "agentWork",
  "resolution",
] as const
export type Metric = (typeof metrics)[number]

/** Business hours as a spec the naive reads itself: `"HH:MM-HH:MM"` ranges per weekday (no overnight). */
export interface NaiveCalendar {
  readonly timeZone: string
  /** Index 0 = Sunday … 6 = Saturday. */
  readonly week: ReadonlyArray<ReadonlyArray<string>>
  readonly holidays: ReadonlyArray<string>
}

/** `null` is the 24/7 calendar. */
export type NaiveHours = NaiveCalendar | null

export interface NaiveTarget {
  readonly ms: number
  readonly hours: "business" | "calendar"
}

export type NaiveTargets = Readonly<
  Partial<Record<Ticket.Priority, Readonly<Partial<Record<Metric, NaiveTarget>>>>>
>

export interface NaiveWarning {
  readonly threshold: number
  readonly reached: boolean
  readonly at?: number
}

export interface NaiveClock {
  readonly metric: Metric
  readonly cycle: number
  readonly status: "running" | "paused" | "achieved" | "breached"
  readonly startedAt: number
  readonly elapsedMs: number
  readonly targetMs: number
  readonly stoppedAt?: number
  readonly breachedAt?: number
  readonly dueAt?: number
  readonly warnings: ReadonlyArray<NaiveWarning>
}

// ── local time, one Intl lookup per UTC hour ─────────────────────────────────────────────────

const formats = new Map<string, Intl.DateTimeFormat>()
const hourCache = new Map<string, { date: string; weekday: number; minuteOfDay: number }>()
const weekdayIndex: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

const localHour = (timeZone: string, hourStart: number) => {
  const key = `${timeZone}@${hourStart}`
  const cached = hourCache.get(key)
  if (cached !== undefined) return cached
  let format = formats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
    formats.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(hourStart)).map((p) => [p.type, p.value]))
  // The zones used here are whole hours off UTC, so a UTC hour is one local hour.
  if (parts.minute !== "00") throw new Error(`naive: ${timeZone} is not a whole-hour zone`)
  const local = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdayIndex[parts.weekday ?? ""] ?? -1,
    minuteOfDay: Number(parts.hour) * 60,
  }
  hourCache.set(key, local)
  return local
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether the minute starting at `t` is open. */
export const openMinute = (hours: NaiveHours, t: number): boolean => {
  if (hours === null) return true
  const hourStart = t - (t % 3_600_000)
  const local = localHour(hours.timeZone, hourStart)
  if (hours.holidays.includes(local.date)) return false
  const minute = local.minuteOfDay + (t - hourStart) / MINUTE
  return (hours.week[local.weekday] ?? []).some((range) => {
    const [from = "", to = ""] = range.split("-")
    return minutesOf(from) <= minute && minute < minutesOf(to)
  })
}

// ── the walk ─────────────────────────────────────────────────────────────────────────────────

interface Cycle {
  readonly startedAt: number
  /** Start instants of the minutes counted, in wall time and in business time. */
  readonly wall: Array<number>
  readonly business: Array<number>
  stoppedAt: number | undefined
  stoppedBySolving: boolean
}

const cumulative: ReadonlyArray<Metric> = ["requesterWait", "agentWork", "resolution"]
const updates: ReadonlyArray<Metric> = ["periodicUpdate", "pausableUpdate"]
const isDone = (status: string) => status === "solved" || status === "closed"

/** Whether a metric accrues nothing in this status (DESIGN.md "pauses" column). */
const pausedIn = (metric: Metric, status: string): boolean =>
  ((metric === "pausableUpdate" || metric === "requesterWait") && status === "pending") ||
  (metric === "agentWork" && (status === "pending" || status === "onHold"))

/**
 * Every cycle of every targeted metric at `now`. `events` must be in time order with
 * minute-granular instants; `now` too. `hours` gives the business calendar for the ticket.
 */
export const naiveEvaluate = (
  events: ReadonlyArray<Ticket.TicketEvent>,
  targets: NaiveTargets,
  hoursFor: (requester: Ticket.Requester) => NaiveHours,
  now: number,
  warnAt: ReadonlyArray<number> = [],
): ReadonlyArray<NaiveClock> => {
  const opening = events[0]
  if (opening?.type !== "TicketOpened" || opening.at.getTime() > now) return []
  const hours = hoursFor(opening.requester)
  const cycles = Object.fromEntries(metrics.map((m) => [m, [] as Array<Cycle>])) as Record<
    Metric,
    Array<Cycle>
  >
  const active = (m: Metric): Cycle | undefined => {
    const last = cycles[m].at(-1)
    return last !== undefined && last.stoppedAt === undefined ? last : undefined
  }
  const start = (m: Metric, at: number) => {
    if (active(m) === undefined)
      cycles[m].push({ startedAt: at, wall: [], business: [], stoppedAt: undefined, stoppedBySolving: false })
  }
  const stop = (m: Metric, at: number, bySolving = false) => {
    const cycle = active(m)
    if (cycle === undefined) return
    cycle.stoppedAt = at
    cycle.stoppedBySolving = bySolving
  }

  let status: string = "new"
  let priority = opening.priority
  const byAgent = opening.openedBy === "agent"
  let replied = false
  let merged = false

  const apply = (event: Ticket.TicketEvent, at: number) => {
    const live = !isDone(status) && !merged
    switch (event.type) {
      case "CustomerMessaged":
        // The oldest unanswered message starts the round; later ones leave it running. Before
        // the first reply, the customer is waiting on the first-reply clock instead.
        if (live && (replied || byAgent)) start("nextReply", at)
        break
      case "AgentReplied":
        for (const m of ["firstReply", "nextReply", ...updates] as const) stop(m, at)
        replied = true
        if (live) for (const m of updates) start(m, at)
        break
      case "StatusChanged": {
        const before = status
        status = event.status
        if (!isDone(before) && isDone(status)) for (const m of metrics) stop(m, at, true)
        if (isDone(before) && !isDone(status) && !merged)
          for (const m of cumulative) {
            const last = cycles[m].at(-1)
            if (last?.stoppedBySolving) last.stoppedAt = undefined
          }
        break
      }
      case "PriorityChanged":
        priority = event.priority
        break
      case "TicketMerged":
        for (const m of metrics) stop(m, at)
        merged = true
        break
      default:
        break
    }
  }

  const openedAt = opening.at.getTime()
  if (!byAgent) start("firstReply", openedAt)
  for (const m of cumulative) start(m, openedAt)
  let next = 1
  for (let t = openedAt; ; t += MINUTE) {
    while (next < events.length && events[next]!.at.getTime() <= t) {
      apply(events[next]!, events[next]!.at.getTime())
      next++
    }
    if (t >= now) break
    const open = openMinute(hours, t)
    for (const m of metrics) {
      const cycle = active(m)
      if (cycle === undefined || pausedIn(m, status)) continue
      cycle.wall.push(t)
      if (open) cycle.business.push(t)
    }
  }

  const out: Array<NaiveClock> = []
  for (const m of metrics) {
    const target = targets[priority]?.[m]
    if (target === undefined) continue
    const counting = target.hours === "calendar" ? null : hours
    cycles[m].forEach((c, i) => {
      const counted = target.hours === "calendar" ? c.wall : c.business
      const elapsedMs = counted.length * MINUTE
      const breached = elapsedMs > target.ms
      const running = c.stoppedAt === undefined && !pausedIn(m, status)
      const state = breached
        ? "breached"
        : c.stoppedAt !== undefined
          ? "achieved"
          : running
            ? "running"
            : "paused"
      // When the running total reaches `ms`: inside the counted minute that takes it there.
      const reachedAt = (ms: number): number | undefined => {
        if (ms > elapsedMs) return undefined
        const k = Math.ceil(ms / MINUTE)
        return counted[k - 1]! + (ms - (k - 1) * MINUTE)
      }
      const warnings = warnAt.map((threshold): NaiveWarning => {
        const ms = threshold * target.ms
        const at = reachedAt(ms)
        if (at !== undefined) return { threshold, reached: true, at }
        if (!running) return { threshold, reached: false }
        return { threshold, reached: false, at: walkForward(counting, now, ms - elapsedMs) }
      })
      out.push({
        metric: m,
        cycle: i + 1,
        status: state,
        startedAt: c.startedAt,
        elapsedMs,
        targetMs: target.ms,
        ...(c.stoppedAt === undefined ? {} : { stoppedAt: c.stoppedAt }),
        ...(breached ? { breachedAt: reachedAt(target.ms)! } : {}),
        ...(state === "running" ? { dueAt: walkForward(counting, now, target.ms - elapsedMs) } : {}),
        warnings,
      })
    })
  }
  return out
}

/** The instant at which `ms` of open time after `from` (a minute boundary) have passed. */
const walkForward = (hours: NaiveHours, from: number, ms: number): number => {
  let left = ms
  let t = from
  while (left > 0) {
    if (openMinute(hours, t)) {
      if (left <= MINUTE) return t + left
      left -= MINUTE
    }
    t += MINUTE
  }
  return t
}
