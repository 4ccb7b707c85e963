// Architectural rules from DESIGN.md that a refactor could silently break.
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, normalize } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))
const read = (file: string) => readFileSync(join(root, file), "utf8")
const sourcesIn = (dir: string): Array<string> =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesIn(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  )
const importsOf = (file: string): Array<string> =>
  ts.preProcessFile(read(file), true, false).importedFiles.map((f) => f.fileName)

/** Every file a module reaches through relative imports, starting from its entry point. */
const reachable = (entry: string): Set<string> => {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const spec of importsOf(file))
      if (spec.startsWith(".")) visit(normalize(join(dirname(file), spec.replace(/\.js$/, ".ts"))))
  }
  visit(entry)
  return seen
}

describe("module boundaries", () => {
  it("the calendar subpath imports no Effect runtime: only effect/Result and zod/mini from outside", () => {
    const files = reachable("src/calendar/index.ts")
    expect(files.size).toBeGreaterThan(5)
    const outside = [...files].flatMap((f) => importsOf(f).filter((s) => !s.startsWith(".")))
    expect([...new Set(outside)].sort()).toEqual(["effect/Result", "zod/mini"])
  })

  it("the postgres subpath (an adapter, like desk) imports no database driver and no node module: drivers are typed by shape", () => {
    const files = reachable("src/postgres/index.ts")
    expect(files.has(normalize("src/postgres/store.ts"))).toBe(true)
    const outside = new Set([...files].flatMap((f) => importsOf(f).filter((s) => !s.startsWith("."))))
    expect([...outside].filter((s) => !s.startsWith("effect/") && !s.startsWith("zod"))).toEqual([])
  })

  it("the pure modules never read the system clock", () => {
    const pure = [
      "src/calendar",
      "src/ticket",
      "src/sla",
      "src/followup",
      "src/automation",
      "src/metrics",
      "src/internal",
    ].flatMap(sourcesIn)
    const offenders = pure.filter((f) => /Date\.now\(|new Date\(\)|performance\.now\(/.test(read(f)))
    expect(offenders).toEqual([])
  })

  it("no code is built from strings at run time", () => {
    const offenders = sourcesIn("src").filter((f) => /\beval\(|new Function\(/.test(read(f)))
    expect(offenders).toEqual([])
  })
})
