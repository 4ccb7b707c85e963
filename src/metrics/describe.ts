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

/**
 * Whether `value` is a plain record (an object literal, `JSON.parse` output, a null-prototype
 * object or a class instance): not an array, a boxed primitive, a Date, a Map, a typed array …
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Object]"

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/**
 * The path of key `key` below `parent` (`""` for none), as error fields write it: `parent.key`, or
 * `parent["odd key"]` when the key is not a plain name (empty, spaced, very long …).
 */
export const keyPath = (parent: string, key: string): string => {
  if (IDENTIFIER.test(key) && key.length <= 60) return parent === "" ? key : `${parent}.${key}`
  return `${parent}[${JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key)}]`
}
