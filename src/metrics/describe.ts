// Internal: how the metrics look at what they are given before they refuse it: whether a value is
// a record (both the library's own), and the path of a key below a field. Values are described by the library's one safe
// `describe` (src/internal/describe.ts), re-exported here.
export { describe, isRecord } from "../internal/describe.js"

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/**
 * The path of key `key` below `parent` (`""` for none), as error fields write it: `parent.key`, or
 * `parent["odd key"]` when the key is not a plain name (empty, spaced, very long …).
 */
export const keyPath = (parent: string, key: string): string => {
  if (IDENTIFIER.test(key) && key.length <= 60) return parent === "" ? key : `${parent}.${key}`
  return `${parent}[${JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key)}]`
}
