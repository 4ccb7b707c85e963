// Internal: structural comparison and rendering for spec failures, with no test-runner dependency.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)

const renderDate = (d: Date): string => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString())

/** How deep `render` shows nested values; deeper ones show as `…` (input may nest without end). */
const RENDER_DEPTH = 12

const renderKey = (key: string): string => JSON.stringify(key)

/** One value on one line or indented, JSON-like; `undefined` keys are left out as JSON does. */
const renderValue = (
  value: unknown,
  indent: number,
  depth: number,
  seen: Set<unknown>,
): string | undefined => {
  switch (typeof value) {
    case "undefined":
    case "function":
    case "symbol":
      return undefined
    case "bigint":
      return JSON.stringify(`${value}n`)
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null"
    case "string":
    case "boolean":
      return JSON.stringify(value)
  }
  if (value === null) return "null"
  if (value instanceof Date) return JSON.stringify(`Date(${renderDate(value)})`)
  if (depth >= RENDER_DEPTH) return '"…"'
  if (seen.has(value)) return '"(circular)"'
  seen.add(value)
  const pad = indent > 0 ? `\n${" ".repeat(indent * (depth + 1))}` : ""
  const end = indent > 0 ? `\n${" ".repeat(indent * depth)}` : ""
  const sep = indent > 0 ? ": " : ":"
  let out: string
  if (Array.isArray(value)) {
    const items = value.map((v) => `${pad}${renderValue(v, indent, depth + 1, seen) ?? "null"}`)
    out = items.length === 0 ? "[]" : `[${items.join(",")}${end}]`
  } else {
    const entries = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const rendered = renderValue(v, indent, depth + 1, seen)
      return rendered === undefined ? [] : [`${pad}${renderKey(k)}${sep}${rendered}`]
    })
    out = entries.length === 0 ? "{}" : `{${entries.join(",")}${end}}`
  }
  seen.delete(value)
  return out
}

/**
 * JSON-like rendering where a Date shows as its ISO instant, so diffs read as the data does.
 * Safe for any value: a BigInt shows as `"1n"`, nesting deeper than a dozen levels as `"…"`.
 */
export const render = (value: unknown, indent = 2): string =>
  renderValue(value, indent, 0, new Set()) ?? (typeof value === "symbol" ? "a symbol" : String(value))

const at = (path: string): string => (path === "" ? "(root)" : path)

/**
 * Where `actual` differs from `expected`, one line per difference. Keys whose value is
 * `undefined` count as absent, as they do for an optional property.
 */
export const differences = (actual: unknown, expected: unknown, path = ""): ReadonlyArray<string> => {
  if (actual instanceof Date && expected instanceof Date) {
    return Object.is(actual.getTime(), expected.getTime())
      ? []
      : [`${at(path)}: expected ${renderDate(expected)}, received ${renderDate(actual)}`]
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const lines: Array<string> = []
    for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
      const item = `${path}[${i}]`
      if (i >= actual.length) lines.push(`${item}: expected ${render(expected[i], 0)}, received nothing`)
      else if (i >= expected.length) lines.push(`${item}: not expected, received ${render(actual[i], 0)}`)
      else lines.push(...differences(actual[i], expected[i], item))
    }
    return lines
  }
  if (isPlainObject(actual) && isPlainObject(expected)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)])
    return [...keys].flatMap((key) =>
      differences(actual[key], expected[key], path === "" ? key : `${path}.${key}`),
    )
  }
  return Object.is(actual, expected)
    ? []
    : [`${at(path)}: expected ${render(expected, 0)}, received ${render(actual, 0)}`]
}
