#!/usr/bin/env node
// Writes the in-repo samples of the two real data sets (test/fixtures/data/) from the full files,
// deterministically: the same full files always give the same samples, byte for byte.
//
//   node scripts/sample-data.mjs [DIR]      DIR holds the full files; default ../shared/data
//
// Rules (rows are numbered from 1 after the header, in file order; lines are copied unchanged):
// - nyc311-dohmh.csv: every 15th row (15, 30, …) — the file runs from 2010 to 2025, so the stride
//   spans the years — plus every row of a rare kind: closed before it was created (2 rows in the
//   full file), or with a status that fewer than 10 rows have (Pending, Unspecified).
// - twitter-customer-care-timestamps.csv: every 3rd row (3, 6, …), plus every row of a brand with
//   fewer than 10 conversations (so that every brand's line of the table has a few), plus the
//   fastest and the slowest first reply.
// The script then checks that each sample still holds the cases the replays must handle (rows
// closing at creation, closing before it, closed with and without a due date, open with and
// without one, every channel and complaint type; every brand, first replies that are not the URL
// reply) and stops with an error if one is missing.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { resolve } from "node:path"

const from = resolve(process.cwd(), process.argv[2] ?? "../shared/data")
const to = new URL("../test/fixtures/data/", import.meta.url)

/** The fields of one CSV line (RFC 4180 quotes; a record must not span lines). */
const fields = (line, where) => {
  const out = []
  let field = ""
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (!quoted && c === ",") {
      out.push(field)
      field = ""
    } else {
      field += c
    }
  }
  if (quoted) throw new Error(`${where}: a quoted field runs past the end of the line`)
  out.push(field)
  return out
}

/** Header, rows (as records keyed by column, with the raw line) and the file's line ending. */
const read = (name) => {
  const path = resolve(from, name)
  const text = readFileSync(path, "utf8")
  const eol = text.includes("\r\n") ? "\r\n" : "\n"
  const lines = text.split(/\r?\n/)
  if (lines.at(-1) === "") lines.pop()
  const [header, ...body] = lines
  const columns = fields(header, `${name}:1`)
  const rows = body.map((line, k) => {
    const values = fields(line, `${name}:${k + 2}`)
    if (values.length !== columns.length)
      throw new Error(`${name}:${k + 2}: ${values.length} fields, the header has ${columns.length}`)
    return { n: k + 1, line, ...Object.fromEntries(columns.map((c, i) => [c, values[i]])) }
  })
  return { path, header, rows, eol }
}

const countBy = (rows, key) => {
  const counts = new Map()
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1)
  return counts
}

/** Writes the kept rows in file order and reports the sample. */
const write = (name, { path, header, rows, eol }, keep) => {
  const kept = rows.filter(keep)
  mkdirSync(to, { recursive: true })
  writeFileSync(new URL(name, to), [header, ...kept.map((r) => r.line)].join(eol) + eol)
  console.log(`${name}: ${kept.length} of ${rows.length} rows from ${path}`)
  return kept
}

const need = (sample, what, ok) => {
  if (!ok) throw new Error(`${sample}: the sample has no ${what}; change the rule in scripts/sample-data.mjs`)
}

// --- NYC 311 --------------------------------------------------------------------------------------

const nyc = read("nyc311-dohmh.csv")
const ms = (s) => Date.parse(s)
const statusCount = countBy(nyc.rows, (r) => r.status)
const nycSample = write(
  "nyc311-dohmh.sample.csv",
  nyc,
  (r) =>
    r.n % 15 === 0 || (r.closed !== "" && ms(r.closed) < ms(r.created)) || statusCount.get(r.status) < 10,
)
{
  const has = (p) => nycSample.some(p)
  const closed = (r) => r.closed !== ""
  need(
    "nyc311",
    "row closing before it was created",
    has((r) => closed(r) && ms(r.closed) < ms(r.created)),
  )
  need(
    "nyc311",
    "row closing at creation",
    has((r) => closed(r) && ms(r.closed) === ms(r.created)),
  )
  need(
    "nyc311",
    "closed row with a due date",
    has((r) => closed(r) && ms(r.closed) > ms(r.created) && r.due),
  )
  need(
    "nyc311",
    "closed row without a due date",
    has((r) => closed(r) && !r.due),
  )
  need(
    "nyc311",
    "open row with a due date",
    has((r) => !closed(r) && r.due),
  )
  need(
    "nyc311",
    "open row without a due date",
    has((r) => !closed(r) && !r.due),
  )
  for (const key of ["channel", "complaint_type", "status"])
    for (const value of countBy(nyc.rows, (r) => r[key]).keys())
      need(
        "nyc311",
        `row with ${key} ${JSON.stringify(value)}`,
        has((r) => r[key] === value),
      )
}

// --- Twitter customer care ------------------------------------------------------------------------

const twitter = read("twitter-customer-care-timestamps.csv")
const brandCount = countBy(twitter.rows, (r) => r.company)
const bySpeed = [...twitter.rows].sort(
  (a, b) => Number(a.first_reply_seconds) - Number(b.first_reply_seconds),
)
const extremes = new Set([bySpeed[0].n, bySpeed.at(-1).n])
const twitterSample = write(
  "twitter-customer-care-timestamps.sample.csv",
  twitter,
  (r) => r.n % 3 === 0 || brandCount.get(r.company) < 10 || extremes.has(r.n),
)
{
  const has = (p) => twitterSample.some(p)
  for (const brand of brandCount.keys())
    need(
      "twitter",
      `conversation of ${brand}`,
      has((r) => r.company === brand),
    )
  need(
    "twitter",
    "first reply that is not the URL reply",
    has((r) => r.url_reply_at !== r.first_agent_reply_at),
  )
  need(
    "twitter",
    "row of the dev split",
    has((r) => r.split === "dev"),
  )
  need(
    "twitter",
    "row of the test split",
    has((r) => r.split === "test"),
  )
}
