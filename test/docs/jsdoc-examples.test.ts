// Every `@example` in the JSDoc of the public modules is real code: this suite extracts each
// one, type-checks them all against the sources, then runs each as a module in which every
// `expression // => value` line is an assertion.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { afterAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))
/** The public modules (each a subpath export), plus the internal files their entry points re-export from. */
const modules = [
  "ticket",
  "calendar",
  "sla",
  "followup",
  "automation",
  "metrics",
  "desk",
  "testing",
  "postgres",
]
const sources = [...modules.map((m) => `src/${m}`), "src/internal"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f)),
)

const parse = (source: string): ts.SourceFile =>
  ts.createSourceFile(source, readFileSync(join(root, source), "utf8"), ts.ScriptTarget.Latest, true)

const isExported = (statement: ts.Statement): boolean =>
  ts.canHaveModifiers(statement) &&
  (ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false)

/** What the public entry points export, by name: internal helpers need no JSDoc contract. */
const publicNames = new Set(
  ["src/index.ts", ...modules.map((m) => `src/${m}/index.ts`)].flatMap((entry) =>
    parse(entry).statements.flatMap((statement) => {
      if (
        ts.isExportDeclaration(statement) &&
        statement.exportClause &&
        ts.isNamedExports(statement.exportClause)
      ) {
        return statement.exportClause.elements.map((e) => e.name.text)
      }
      if (!isExported(statement)) return []
      if (ts.isVariableStatement(statement))
        return statement.declarationList.declarations.map((d) => d.name.getText())
      const name = (statement as ts.DeclarationStatement).name
      return name === undefined ? [] : [name.getText()]
    }),
  ),
)

interface Example {
  readonly name: string
  readonly code: string
}

/** The code of each `@example` tag, with the name of the declaration its comment documents. */
const examplesIn = (source: string): ReadonlyArray<Example> => {
  const text = readFileSync(join(root, source), "utf8")
  const found: Array<Example> = []
  for (const match of text.matchAll(
    /\/\*\*([\s\S]*?)\*\/\s*(?:export\s+)?(?:declare\s+)?(?:const|class|interface|type|function)?\s*(\w+)?/g,
  )) {
    const lines = (match[1] ?? "").split("\n").map((l) => l.replace(/^\s*\* ?/, ""))
    const start = lines.findIndex((l) => l.startsWith("@example"))
    if (start < 0) continue
    const rest = lines.slice(start + 1)
    const end = rest.findIndex((l) => l.startsWith("@"))
    const code = (end < 0 ? rest : rest.slice(0, end))
      .filter((l) => !l.trimStart().startsWith("```"))
      .join("\n")
      .trim()
    found.push({ name: `${basename(source)} ${match[2] ?? "(module)"}`, code })
  }
  return found
}

const examples = sources.flatMap(examplesIn)
const dir = mkdtempSync(join(tmpdir(), "servicekit-doc-examples-"))
/** `expression // => value` becomes an assertion that the expression deep-equals the value. */
const asserting = (code: string): string =>
  [
    'import { expect as __expect } from "vitest"',
    ...code
      .split("\n")
      .map((line) =>
        line.replace(/^(.+?)\s*\/\/ => (.+)$/, (_, expr, value) => `__expect(${expr}).toEqual(${value})`),
      ),
  ].join("\n")

const files = examples.map((example, i) => {
  const file = join(dir, `example-${i}.ts`)
  // `export {}` makes every example a module, so top-level names never collide.
  writeFileSync(file, `${asserting(example.code)}\nexport {}\n`)
  return file
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("JSDoc examples", () => {
  it("document every public export of the public modules", () => {
    expect(examples.length).toBeGreaterThan(80)
    for (const example of examples) expect(example.code, example.name).not.toBe("")
    expect(files.map((f) => readFileSync(f, "utf8")).join("\n")).toContain(
      "__expect(surveyScales.nps).toEqual(",
    )
  })

  it("come with a summary, @example, @since and @category on every public export", () => {
    expect(publicNames.size).toBeGreaterThan(70)
    const missing = sources.flatMap((source) => {
      const file = ts.createSourceFile(
        source,
        readFileSync(join(root, source), "utf8"),
        ts.ScriptTarget.Latest,
        true,
      )
      return file.statements.flatMap((statement) => {
        if (!isExported(statement)) return []
        const names = ts.isVariableStatement(statement)
          ? statement.declarationList.declarations.map((d) => d.name.getText())
          : [(statement as ts.DeclarationStatement).name?.getText() ?? "?"]
        if (!names.some((n) => publicNames.has(n))) return []
        const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc)
        const tags = new Set(docs.flatMap((d) => (d.tags ?? []).map((t) => t.tagName.text)))
        const summary = docs.some((d) => (ts.getTextOfJSDocComment(d.comment) ?? "").trim() !== "")
        const lacks = [
          ...(summary ? [] : ["summary"]),
          ...["example", "since", "category"].filter((tag) => !tags.has(tag)),
        ]
        return lacks.length === 0 ? [] : [`${source} ${names.join(", ")}: no ${lacks.join(", ")}`]
      })
    })
    expect(missing).toEqual([])
  })

  it("type-check against the sources", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
        },
      },
    )
    if (config === undefined) throw new Error("tsconfig.json not found")
    // Examples show a value and leave it unused on purpose.
    const options = { ...config.options, noUnusedLocals: false, noUnusedParameters: false }
    // Type-checked as virtual files inside the project, so imports resolve as they do for users.
    const virtual = new Map(
      examples.map((e, i) => [join(root, "test", "__doc_examples__", `example-${i}.ts`), e]),
    )
    const host = ts.createCompilerHost(options)
    const { fileExists, readFile } = host
    host.fileExists = (name) => virtual.has(name) || fileExists(name)
    host.readFile = (name) => {
      const example = virtual.get(name)
      return example === undefined ? readFile(name) : `${example.code}\nexport {}\n`
    }
    const program = ts.createProgram([...virtual.keys()], options, host)
    const problems = ts.getPreEmitDiagnostics(program).flatMap((d) => {
      const example = d.file === undefined ? undefined : virtual.get(d.file.fileName)
      return example === undefined
        ? []
        : [`${example.name}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`]
    })
    expect(problems).toEqual([])
  }, 60_000)

  it.each(examples.map((example, i) => [example.name, files[i]] as const))("%s runs", async (_, file) => {
    await import(/* @vite-ignore */ file as string)
  })
})
