// Internal: how an error message shows a value it refuses. Safe for every value: a BigInt or a
// Symbol breaks `JSON.stringify` and template strings, a long string or a deep object would
// bloat the message, so only numbers, short strings and the kind of anything else are shown.

/** A short, safe description of `value` for an error message (`received …`). */
export const describe = (value: unknown): string => {
  switch (typeof value) {
    case "number":
      return String(value)
    case "bigint": {
      const digits = value.toString()
      return digits.length > 40 ? `a BigInt of ${digits.length} digits` : `the BigInt ${digits}n`
    }
    case "string":
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
    case "symbol":
      return "a symbol"
    case "undefined":
      return "undefined"
    case "boolean":
      return String(value)
    case "function":
      return "a function"
    default:
      if (value === null) return "null"
      if (Array.isArray(value)) return `an array of ${value.length}`
      return value instanceof Date ? "a Date" : "an object"
  }
}
