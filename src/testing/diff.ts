// Internal: structural comparison and rendering for spec failures, with no test-runner dependency.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)

const renderDate = (d: Date): string => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString())

/** JSON-like rendering where a Date shows as its ISO instant, so diffs read as the data does. */
export const render = (value: unknown, indent = 2): string => {
  if (value === undefined) return "undefined"
  return (
    JSON.stringify(
      value,
      function (this: Record<string, unknown>, key: string, replaced: unknown) {
        const raw = this[key]
        if (raw instanceof Date) return `Date(${renderDate(raw)})`
        if (typeof raw === "bigint") return `${raw}n`
        return replaced
      },
      indent,
    ) ?? String(value)
  )
}

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
