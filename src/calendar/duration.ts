import { describe } from "../internal/describe.js"
import { durationProblem, LONGEST_MS } from "../internal/instant.js"
import { InvalidArgument } from "./errors.js"

/**
 * A duration: whole milliseconds, or an ISO-8601 duration of weeks, days, hours, minutes and
 * seconds (`"PT2H"`, `"P3D"` = 72 h, `"P1W"`, `"PT1H30M"`, `"-PT15M"`, `"PT0.5S"`). Days are 24
 * hours; years and months are refused because their length depends on the calendar. A fraction
 * of a millisecond is refused (an ISO duration is rounded to the millisecond), and so is a
 * duration longer than the 500 years the library computes in (1900–2399).
 *
 * @example
 * ```ts
 * import type { DurationInput } from "servicekit/calendar"
 * const firstReply: DurationInput = "PT1H"
 * const resolution: DurationInput = 8 * 3_600_000
 * ```
 * @since 0.1.0
 * @category Durations
 */
export type DurationInput = number | string

const ISO =
  /^([-+])?P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/
const UNITS = [604_800_000, 86_400_000, 3_600_000, 60_000, 1000]
const parsed = new Map<string, number>()

/**
 * The milliseconds of a {@link DurationInput}. Throws {@link InvalidArgument} naming `field`
 * when it is neither whole milliseconds nor an ISO-8601 duration servicekit accepts, or when it
 * is longer than the 500 years of the library's range.
 *
 * @example
 * ```ts
 * import { Calendar } from "servicekit"
 * Calendar.toMillis("PT1H30M") // => 5_400_000
 * Calendar.toMillis("P3D") // => 259_200_000
 * Calendar.toMillis(90_000) // => 90_000
 * ```
 * @since 0.1.0
 * @category Durations
 */
export const toMillis = (duration: DurationInput, name = "duration"): number => {
  // A plain-JS caller may pass anything as the name: the error must still name a field.
  const field = typeof name === "string" && name !== "" ? name : "duration"
  if (typeof duration === "number") {
    const problem = durationProblem(duration, "allowed")
    if (problem === undefined) return duration === 0 ? 0 : duration
    throw new InvalidArgument(field, problem)
  }
  if (typeof duration !== "string")
    throw new InvalidArgument(
      field,
      `must be milliseconds or an ISO-8601 duration such as PT2H, received ${describe(duration)}`,
    )
  const cached = parsed.get(duration)
  if (cached !== undefined) return cached
  const ms = parseIso(duration, field)
  if (parsed.size < 1024) parsed.set(duration, ms)
  return ms
}

const parseIso = (text: string, field: string): number => {
  const m = ISO.exec(text)
  if (m === null || text.endsWith("T") || /^[-+]?P$/.test(text)) {
    const quoted = describe(text)
    throw new InvalidArgument(
      field,
      /^[-+]?P[^T]*\d[YM]/.test(text)
        ? `${quoted} uses years or months, which have no fixed length: use weeks, days or hours`
        : `${quoted} is not an ISO-8601 duration such as PT2H, P3D or PT1H30M`,
    )
  }
  let ms = 0
  for (let i = 0; i < UNITS.length; i++) {
    const part = m[i + 2]
    if (part !== undefined) ms += Number(part.replace(",", ".")) * UNITS[i]!
  }
  ms = Math.round(ms)
  if (ms > LONGEST_MS)
    throw new InvalidArgument(field, `${describe(text)} is longer than the 500 years the library computes in`)
  return m[1] === "-" && ms !== 0 ? -ms : ms
}
