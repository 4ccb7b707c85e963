// Imports inside src/metrics flow one way: the files form a DAG (shared types live in types.ts).
// Type-only imports count too: a circle of types is still a circle a reader has to untangle.
import { readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const dir = new URL("../../src/metrics/", import.meta.url)
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .sort()

/** The files of src/metrics that `file` imports (statically, `import … from "./x.js"` or `export … from`). */
const importsOf = (file: string): Array<string> => {
  const text = readFileSync(new URL(file, dir), "utf8")
  const found = new Set<string>()
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["'](\.\/[^"']+)["']/gm))
    found.add(m[1]!.slice(2).replace(/\.js$/, ".ts"))
  for (const m of text.matchAll(/\bimport\s*\(\s*["'](\.\/[^"']+)["']\s*\)/g))
    found.add(m[1]!.slice(2).replace(/\.js$/, ".ts"))
  return [...found].sort()
}

/** A cycle in `graph` as a list of files (first = last), or undefined. */
const cycleIn = (graph: ReadonlyMap<string, ReadonlyArray<string>>): Array<string> | undefined => {
  const state = new Map<string, "visiting" | "done">()
  const path: Array<string> = []
  const visit = (node: string): Array<string> | undefined => {
    const s = state.get(node)
    if (s === "done") return undefined
    if (s === "visiting") return [...path.slice(path.indexOf(node)), node]
    state.set(node, "visiting")
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next)
      if (cycle !== undefined) return cycle
    }
    path.pop()
    state.set(node, "done")
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = visit(node)
    if (cycle !== undefined) return cycle
  }
  return undefined
}

describe("imports inside src/metrics", () => {
  const graph = new Map(files.map((f) => [f, importsOf(f)]))

  it("reads the imports of every file (the parser sees what is there)", () => {
    expect(files).toContain("accumulator.ts")
    expect(graph.get("accumulator.ts")).toContain("tally.ts")
    expect(graph.get("index.ts")).toContain("types.ts")
    for (const [file, imports] of graph) for (const i of imports) expect(files, `${file} → ${i}`).toContain(i)
  })

  it("form no cycle, type-only imports included", () => {
    expect(cycleIn(graph)).toBeUndefined()
  })

  it("the cycle finder finds a cycle, and none in a DAG", () => {
    expect(
      cycleIn(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
    ).toEqual(["a", "b", "c", "a"])
    expect(
      cycleIn(
        new Map([
          ["a", ["b", "c"]],
          ["b", ["c"]],
          ["c", []],
        ]),
      ),
    ).toBeUndefined()
  })
})
