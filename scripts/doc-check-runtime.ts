// Imported by each instrumented doc block (scripts/doc-blocks.mjs): prints a claimed value the way
// a reader expects to see it, behind a marker line that the checker takes out of the output.
import { inspect } from "node:util"

const show = (value: unknown): string => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value)
  if (typeof value === "bigint") return `${value}n`
  return inspect(value, {
    depth: 8,
    breakLength: Number.POSITIVE_INFINITY,
    compact: true,
    maxArrayLength: 200,
  })
}

const report = (record: Record<string, unknown>) => {
  process.stdout.write(`\u0000doc-check ${JSON.stringify(record)}\n`)
}

/** Reports the value of the expression on doc line `line`, and passes it on. */
export const __show = <A>(line: number, value: A): A => {
  report({ line, text: show(value) })
  return value
}

/** A `// =>` claim on a line with no expression: reported as a fault of the doc. */
export const __claimWithoutExpression = (line: number): void => {
  report({ line, error: "a // => claim needs an expression on its own line" })
}
