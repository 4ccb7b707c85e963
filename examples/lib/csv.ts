import { readFileSync } from "node:fs"
import { Metrics } from "servicekit"
/**
 * A tiny CSV reader for the replay examples (no dependency): RFC 4180 records — fields
 * separated by commas, records by CRLF (a bare LF or CR is accepted too), quoted fields that may
 * hold commas, line breaks and doubled quotes (`""`). Each record keeps the 1-based line of the
 * file it starts on, so that a bad row can be reported as `row N: reason`. A record that breaks
 * the quoting rules is returned with a `problem` instead of being guessed at. Completely empty
 * lines are skipped; a byte-order mark is ignored.
 *
 * Also here: {@link columns}, which checks the header and turns records into objects by column
 * name (rows of the wrong length get a `problem`), and {@link instant}, a strict reader of
 * ISO 8601 timestamps with an offset.
 */

/** One record of a CSV file: the line of the file it starts on (1-based) and its fields. */
export interface CsvRecord {
  readonly line: number
  readonly fields: ReadonlyArray<string>
  /** Why the record is malformed (its fields are then a best effort). */
  readonly problem?: string
}

const COMMA = 44
const QUOTE = 34
const LF = 10
const CR = 13

/** Parses CSV text into records (the header, if any, is the first record). */
export const parseCsv = (text: string): Array<CsvRecord> => {
  const records: Array<CsvRecord> = []
  const n = text.length
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  /** Consumes a line break at `i` (CRLF, LF or CR), if any; returns whether there was one. */
  const lineBreak = (): boolean => {
    const c = text.charCodeAt(i)
    if (c === CR) {
      i += text.charCodeAt(i + 1) === LF ? 2 : 1
    } else if (c === LF) i++
    else return false
    line++
    return true
  }
  while (i < n) {
    const start = line
    if (lineBreak()) continue // an empty line
    const fields: Array<string> = []
    let problem: string | undefined
    for (;;) {
      let field = ""
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line
        i++
        let closed = false
        let from = i
        while (i < n) {
          const c = text.charCodeAt(i)
          if (c === QUOTE) {
            field += text.slice(from, i)
            if (text.charCodeAt(i + 1) === QUOTE) {
              field += '"'
              i += 2
              from = i
              continue
            }
            i++
            closed = true
            break
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++
          i++
        }
        if (!closed) {
          field += text.slice(from, i)
          problem ??= `the quoted field ${fields.length + 1} opened on line ${opened} is never closed`
        }
        const after = i
        while (i < n && !isEnd(text.charCodeAt(i))) i++
        if (i > after) {
          problem ??= `text after the closing quote of field ${fields.length + 1}`
          field += text.slice(after, i)
        }
      } else {
        const from = i
        while (i < n && !isEnd(text.charCodeAt(i))) i++
        field = text.slice(from, i)
        if (field.includes('"')) problem ??= `a quote inside the unquoted field ${fields.length + 1}`
      }
      fields.push(field)
      if (text.charCodeAt(i) === COMMA) {
        i++
        continue
      }
      break
    }
    lineBreak()
    records.push(problem === undefined ? { line: start, fields } : { line: start, fields, problem })
  }
  return records
}

const isEnd = (c: number): boolean => c === COMMA || c === LF || c === CR

/** A data row read by column name, or the reason it could not be. */
export type Row<C extends string> =
  | { readonly line: number; readonly values: Readonly<Record<C, string>> }
  | { readonly line: number; readonly problem: string }

/**
 * Checks that the first record names every column of `wanted` (in any order; other columns are
 * ignored) and returns the data rows by column name. A malformed record, or one with another
 * number of fields than the header, comes back with its `problem`. Throws an `Error` saying what
 * is missing when the header does not fit (the file is not the one expected).
 */
export const columns = <C extends string>(
  records: ReadonlyArray<CsvRecord>,
  wanted: ReadonlyArray<C>,
): Array<Row<C>> => {
  const [header, ...data] = records
  if (header === undefined) throw new Error("the file is empty (no header)")
  const missing = wanted.filter((c) => !header.fields.includes(c))
  if (header.problem !== undefined) throw new Error(`line ${header.line} is not a header: ${header.problem}`)
  if (missing.length > 0)
    throw new Error(`the header (line ${header.line}) lacks the column(s) ${missing.join(", ")}`)
  const index = wanted.map((c) => header.fields.indexOf(c))
  const width = header.fields.length
  return data.map((r): Row<C> => {
    if (r.problem !== undefined) return { line: r.line, problem: r.problem }
    if (r.fields.length !== width)
      return { line: r.line, problem: `${r.fields.length} fields where the header has ${width}` }
    const values: Partial<Record<C, string>> = {}
    wanted.forEach((c, k) => {
      values[c] = r.fields[index[k]!]!
    })
    return { line: r.line, values: values as Record<C, string> }
  })
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/

/**
 * Reads an ISO 8601 timestamp with a `Z` or `±hh:mm` offset (`2010-01-07T11:41:51-05:00`,
 * `2020-04-01T18:58:27.135000+00:00`; fractions beyond milliseconds are truncated) as epoch
 * milliseconds. Returns the reason as a string when the text is not one, or names a day, hour
 * or offset that does not exist (`2010-02-30`, `25:00`, `+19:00`): `Date.parse` would accept
 * some of those and roll them over.
 */
export const instant = (text: string): number | string => {
  const m = ISO.exec(text)
  if (m === null) return `${JSON.stringify(text)} is not an ISO 8601 timestamp with an offset`
  const [, y, mo, d, h, mi, s, frac, zone, sign, oh, om] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth)
    return `${JSON.stringify(text)} names a day that does not exist`
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return `${JSON.stringify(text)} names a time of day that does not exist`
  const offsetMinutes = zone === "Z" ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om))
  if (Number(om) > 59 || Math.abs(offsetMinutes) > 18 * 60)
    return `${JSON.stringify(text)} has an offset beyond ±18:00`
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"))
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day) // years before 100 stay themselves (Date.UTC maps 0–99 to 1900–1999)
  utc.setUTCHours(Number(h), Number(mi), Number(s), ms)
  return utc.getTime() - offsetMinutes * 60_000
}

/** Thrown for a row that cannot be used; `kind` counts it in the summary. */
export class RowProblem extends Error {
  readonly kind: string
  constructor(kind: string, reason: string) {
    super(reason)
    this.kind = kind
  }
}

/** A row that could not be used: its line in the file, what kind of problem, and why. */
export interface Problem {
  readonly line: number
  readonly kind: string
  readonly reason: string
}

/**
 * Reads the CSV at `path` with the `wanted` columns and turns each row into an item with `toItem`;
 * a malformed row, or one `toItem` refuses with a {@link RowProblem}, is kept as a problem and
 * skipped. An unreadable file (or a header that is not the one expected) ends the run with a
 * message and exit code 1.
 */
export const readRows = <C extends string, A>(
  path: string,
  wanted: ReadonlyArray<C>,
  toItem: (line: number, values: Readonly<Record<C, string>>) => A,
): { readonly items: Array<A>; readonly problems: Array<Problem>; readonly rowsRead: number } => {
  const problems: Array<Problem> = []
  const items: Array<A> = []
  let rowsRead = 0
  try {
    for (const row of columns(parseCsv(readFileSync(path, "utf8")), wanted)) {
      rowsRead++
      if ("problem" in row) {
        problems.push({ line: row.line, kind: "malformed row", reason: row.problem })
        continue
      }
      try {
        items.push(toItem(row.line, row.values))
      } catch (e) {
        if (!(e instanceof RowProblem)) throw e
        problems.push({ line: row.line, kind: e.kind, reason: e.message })
      }
    }
  } catch (e) {
    if (!(e instanceof Error) || e instanceof RowProblem) throw e
    console.log(`Cannot read ${path}: ${e.message}`)
    process.exit(1)
  }
  return { items, problems, rowsRead }
}

/** An integer with thin spaces between thousands: 12 345. */
export const int = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ")

/**
 * Keeps a ticket the library refused (`Metrics.InvalidMetrics`) as a problem of its row; anything
 * else is a bug and is thrown on.
 */
export const refusedByLibrary = (problems: Array<Problem>, line: number, error: unknown): void => {
  if (!(error instanceof Metrics.InvalidMetrics)) throw error
  problems.push({ line, kind: "refused by the library", reason: error.message })
}

/** The opening lines of a replay: rows read, used and skipped, by kind, and the first problems. */
export const rowSummary = (
  rowsRead: number,
  used: number,
  problems: ReadonlyArray<Problem>,
): Array<string> => {
  const sorted = [...problems].sort((a, b) => a.line - b.line)
  const lines = [
    `rows read ${int(rowsRead)}, used ${int(used)}, skipped ${int(sorted.length)}${sorted.length === 0 ? "" : ":"}`,
  ]
  const kinds = new Map<string, number>()
  for (const p of sorted) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1)
  for (const [kind, n] of kinds) lines.push(`  ${kind}: ${int(n)}`)
  const SHOWN = 10
  for (const p of sorted.slice(0, SHOWN)) lines.push(`  row ${p.line}: ${p.reason}`)
  if (sorted.length > SHOWN) lines.push(`  … and ${int(sorted.length - SHOWN)} more`)
  return lines
}
