// Internal: how an error message shows a value it refuses. Safe for every value: a BigInt breaks
// `JSON.stringify`, a Symbol breaks template strings, a Date past ±8.64e15 ms breaks
// `toISOString`, a long string or a deep object would bloat the message. So only numbers,
// booleans, short strings and valid Dates are shown; anything else by its kind.

/** A short description of `value` for an error message (`received …`); never throws. */
export const describe = (value: unknown): string => {
  switch (typeof value) {
    case "number":
    case "boolean":
    case "undefined":
      return String(value)
    case "bigint": {
      const digits = value.toString()
      return digits.length > 40 ? `a BigInt of ${digits.length} digits` : `the BigInt ${digits}n`
    }
    case "string":
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
    case "symbol":
      return "a symbol"
    case "function":
      return "a function"
    default:
      if (value === null) return "null"
      if (Array.isArray(value)) return `an array of ${value.length}`
      if (value instanceof Date) {
        const t = value.getTime()
        return Number.isNaN(t) ? "an Invalid Date" : Math.abs(t) <= 8.64e15 ? value.toISOString() : "a Date"
      }
      return "an object"
  }
}

/**
 * Whether `value` is a plain record (an object literal, `JSON.parse` output, a null-prototype
 * object or a class instance): not an array, a boxed primitive, a Date, a Map, a typed array …
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Object]"
