#!/usr/bin/env node
// servicekit as a user installs it. Packs the built package, installs the tarball into a scratch
// app in a temporary directory (with effect, zod and @types/node at the lockfile's versions), and
// there:
//   1. typechecks a file that names every public type and value, through each namespace of the
//      root import and through each subpath, as ESM and as CommonJS (strict, nodenext, and
//      bundler resolution; skipLibCheck off), with TypeScript 6 and TypeScript 7;
//   2. typechecks and runs every TypeScript code block of README.md and docs/*.md, and compares
//      what each prints with what the doc claims (scripts/doc-blocks.mjs has the rules).
//      A block whose first line is `// Needs a PostgreSQL server: typechecked, not run.` is only
//      typechecked (docs/postgres.md's blocks for pg and postgres.js; its runnable ones use PGlite).
// Run after `npm run build`: `node scripts/check-consumer.mjs [--keep] [--only DOC]`. --keep
// leaves the scratch app in place and prints its path; --only docs/sla.md checks that document's
// blocks alone, with TypeScript 6 only (a quick loop while writing docs; npm test runs it all).
import { execFileSync } from "node:child_process"
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { checkBlock, extractBlocks, instrument } from "./doc-blocks.mjs"
import { runProcess, twoAtATime } from "./lib/processes.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const keep = process.argv.includes("--keep")
const onlyAt = process.argv.indexOf("--only")
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined
const scratch = mkdtempSync(join(tmpdir(), "servicekit-consumer-"))
const failures = []
const step = (what) => console.log(`── ${what}`)

const sh = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })

// ── 1. the tarball, installed as an app installs it ─────────────────────────────────────────────
step(`scratch app in ${scratch}`)
const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", scratch], root))[0]
const tarball = join(scratch, packed.filename)
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"))
const locked = (name) => `${name}@${lock.packages[`node_modules/${name}`].version}`
// PGlite's declarations name Emscripten's global types without depending on them (a dev
// dependency of PGlite's own): an app that checks libraries' declarations needs them, at the range
// PGlite builds with.
const pgliteManifest = JSON.parse(
  readFileSync(join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8"),
)
const emscriptenTypes = `@types/emscripten@${pgliteManifest.devDependencies["@types/emscripten"]}`
writeFileSync(
  join(scratch, "package.json"),
  JSON.stringify({ name: "scratch-app", private: true, type: "module" }, null, 2),
)
sh(
  "npm",
  [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    tarball,
    locked("effect"),
    locked("zod"),
    locked("@types/node"),
    // The drivers docs/postgres.md shows: PGlite runs its blocks; pg and postgres.js are typechecked.
    locked("@electric-sql/pglite"),
    locked("pg"),
    locked("@types/pg"),
    locked("postgres"),
    emscriptenTypes,
  ],
  scratch,
)
console.log(
  `installed ${packed.filename} (${packed.entryCount} files) with ${locked("effect")}, ${locked("zod")}`,
)

// ── 2. every public name, through the root namespaces and the subpaths ─────────────────────────
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== "." && k !== "./package.json")
  .map((k) => k.slice(2))
const rootSource = readFileSync(join(root, "src/index.ts"), "utf8")
// `export * as Ticket from "./ticket/index.js"` → Ticket ↔ ticket (the namespaces of the root).
const namespaces = [...rootSource.matchAll(/export \* as (\w+) from "\.\/([\w/-]+)\.js"/g)].map((m) => ({
  name: m[1],
  module: m[2],
}))
const ts = createRequire(join(root, "package.json"))("typescript")

const describe = (checker, sym) => {
  const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym
  const typeParams = (target.declarations ?? [])
    .map((d) => (d.typeParameters ? d.typeParameters.filter((p) => !p.default).length : 0))
    .reduce((a, b) => Math.max(a, b), 0)
  return {
    name: sym.name,
    target,
    isType: (target.flags & ts.SymbolFlags.Type) !== 0,
    isValue: (target.flags & ts.SymbolFlags.Value) !== 0,
    isNamespace: (target.flags & ts.SymbolFlags.Module) !== 0,
    typeParams,
  }
}

/** The public names of each subpath and of each namespace of the root, as an app's checker sees them. */
const publicNames = () => {
  const probe = join(scratch, "probe.ts")
  const specifiers = ["servicekit", ...subpaths.map((s) => `servicekit/${s}`)]
  writeFileSync(probe, specifiers.map((s, i) => `import * as m${i} from "${s}"\nexport { m${i} }\n`).join(""))
  const program = ts.createProgram([probe], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    types: ["node"],
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(probe)
  const [rootExports, ...subs] = specifiers.map((specifier, i) => {
    const moduleSymbol = checker.getSymbolAtLocation(source.statements[i * 2].moduleSpecifier)
    if (!moduleSymbol) throw new Error(`the scratch app cannot resolve "${specifier}"`)
    return checker.getExportsOfModule(moduleSymbol).map((sym) => describe(checker, sym))
  })
  rmSync(probe)
  const members = new Map(
    rootExports
      .filter((e) => e.isNamespace)
      .map((e) => [e.name, checker.getExportsOfModule(e.target).map((sym) => describe(checker, sym))]),
  )
  return { members, subs }
}

const { members, subs: subpathExports } = publicNames()
let uses = 0
/**
 * Every public name of every entry point, used: as ESM (`import … from`, exported uses) or as
 * CommonJS (`import x = require(…)`, the only import form a .cts file may use under
 * verbatimModuleSyntax, with local uses) — so both the .d.ts and the .d.cts declarations are read.
 */
const usesFile = (cjs) => {
  const decl = cjs ? "" : "export "
  // In CommonJS the root is one binding (`root`); its namespaces are root.Ticket, root.Calendar …
  const ns = (name) => (cjs ? `root.${name}` : name)
  const useLines = (qualifier, label, names) =>
    names.flatMap((e) => {
      const lines = []
      const ref = `${qualifier}.${e.name}`
      if (e.isType && !e.isNamespace) {
        const args = e.typeParams ? `<${Array(e.typeParams).fill("any").join(", ")}>` : ""
        lines.push(`${decl}type T_${label}_${e.name} = ${ref}${args}`)
      }
      if (e.isValue) lines.push(`${decl}const v_${label}_${e.name} = ${ref}`)
      if (!cjs) uses += lines.length
      return lines
    })
  return [
    "// Generated by scripts/check-consumer.mjs: every public name of every entry point, used.",
    cjs
      ? 'import root = require("servicekit")'
      : `import { ${namespaces.map((n) => n.name).join(", ")} } from "servicekit"`,
    ...subpaths.map((s, i) =>
      cjs ? `import sub${i} = require("servicekit/${s}")` : `import * as sub${i} from "servicekit/${s}"`,
    ),
    // A namespace that is also a subpath offers exactly the subpath's values, both ways.
    ...namespaces.flatMap((n) => {
      const i = subpaths.indexOf(n.module.replace(/\/index$/, ""))
      return i < 0
        ? []
        : [
            `${decl}const same_${n.name}: typeof sub${i} = ${ns(n.name)}`,
            `${decl}const back_${n.name}: typeof ${ns(n.name)} = sub${i}`,
          ]
    }),
    ...namespaces.flatMap((n) => useLines(ns(n.name), n.name, members.get(n.name))),
    ...subpaths.flatMap((_, i) => useLines(`sub${i}`, `sub${i}`, subpathExports[i])),
    "",
  ].join("\n")
}
for (const n of namespaces) {
  if (!members.has(n.name)) throw new Error(`the root import offers no namespace ${n.name}`)
}

mkdirSync(join(scratch, "types"), { recursive: true })
writeFileSync(join(scratch, "types/every-name.ts"), usesFile(false))
writeFileSync(join(scratch, "types/every-name.cts"), usesFile(true))
copyFileSync(join(root, "test/consumer/named-types.ts"), join(scratch, "types/named-types.ts"))
console.log(
  `every-name.ts: ${uses} uses of the public names of ${subpaths.length} subpaths and ${namespaces.length} root namespaces (an ESM and a CommonJS copy)`,
)

// ── 3. the code blocks of the docs ──────────────────────────────────────────────────────────────
const allDocs = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
]
const docs = only ? allDocs.filter((d) => d === only) : allDocs
if (docs.length === 0) throw new Error(`no document ${only}: one of ${allDocs.join(", ")}`)
const blocks = docs.flatMap((doc) => extractBlocks(doc, readFileSync(join(root, doc), "utf8")))
for (const b of blocks) {
  mkdirSync(dirname(join(scratch, b.file)), { recursive: true })
  writeFileSync(join(scratch, b.file), b.code)
}
// Preludes: the shared setup a doc's blocks import (docs/preludes/*.ts), next to the blocks.
mkdirSync(join(scratch, "docs/preludes"), { recursive: true })
for (const f of readdirSync(join(root, "docs/preludes")).filter((f) => f.endsWith(".ts"))) {
  copyFileSync(join(root, "docs/preludes", f), join(scratch, "docs/preludes", f))
}
console.log(`${blocks.length} TypeScript blocks in ${docs.length} documents`)

// ── 4. typecheck: TypeScript 6 and 7, nodenext and bundler ──────────────────────────────────────
// lib DOM: effect 4's own declarations name WebCrypto types (CryptoKey, JsonWebKey) that
// @types/node declares only as values, so any app that checks effect's .d.ts needs it.
const base = {
  strict: true,
  target: "ES2022",
  lib: ["ES2023", "DOM"],
  types: ["node", "emscripten"],
  skipLibCheck: false,
  noEmit: true,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  noUncheckedIndexedAccess: true,
}
const configs = {
  "tsconfig.nodenext.json": {
    compilerOptions: { ...base, module: "NodeNext", moduleResolution: "NodeNext" },
    include: only ? [...blocks.map((b) => b.file), "docs/preludes"] : ["types", "docs", "*.ts"],
  },
  "tsconfig.bundler.json": {
    compilerOptions: { ...base, module: "Preserve", moduleResolution: "Bundler" },
    include: ["types/every-name.ts", "types/named-types.ts"],
  },
}
if (only) delete configs["tsconfig.bundler.json"]
for (const [name, config] of Object.entries(configs))
  writeFileSync(join(scratch, name), JSON.stringify(config, null, 2))
const compilers = {
  "TypeScript 6": join(root, "node_modules/typescript/bin/tsc"),
  "TypeScript 7": join(root, "node_modules/typescript7/bin/tsc"),
}
if (only) delete compilers["TypeScript 7"]
const run = (args, options) => runProcess(process.execPath, args, options)

const typecheckJobs = Object.entries(compilers).flatMap(([compiler, bin]) =>
  Object.keys(configs).map((config) => async () => {
    const started = performance.now()
    const result = await run([bin, "-p", config, "--pretty", "false"], { cwd: scratch })
    const version = (await run([bin, "--version"], {})).stdout.trim()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    if (result.status === 0)
      return { ok: true, text: `ok   ${compiler} (${version}), ${config}: no errors (${seconds} s)` }
    const errors = `${result.stdout}${result.stderr}`.trim().split("\n").slice(0, 60).join("\n")
    return {
      ok: false,
      name: `${compiler} ${config}`,
      text: `FAIL ${compiler} (${version}), ${config}:\n${errors}`,
    }
  }),
)

// ── 5. run every block and compare what it prints with what the doc says ──────────────────────
// Under a process time zone far from UTC, with a half-hour offset: no doc may depend on it.
writeFileSync(
  join(scratch, "docs/__doc-check.ts"),
  readFileSync(join(root, "scripts/doc-check-runtime.ts"), "utf8"),
)
// A block whose first line is this comment needs a database server: it is typechecked, not run.
const serverOnly = "// Needs a PostgreSQL server: typechecked, not run."
const blockJobs = blocks.map((b) => async () => {
  if (b.lines[0]?.trim() === serverOnly)
    return { ok: true, text: `ok   ${b.doc}:${b.line} (typechecked; needs a server)` }
  const runFile = b.file.replace(/\.ts$/, ".run.ts")
  writeFileSync(
    join(scratch, runFile),
    instrument(b, relative(dirname(join(scratch, runFile)), join(scratch, "docs/__doc-check.ts"))),
  )
  const result = await run(["--disable-warning=ExperimentalWarning", runFile], {
    cwd: scratch,
    timeout: 60_000,
    env: { ...process.env, TZ: "Asia/Kolkata", NODE_NO_WARNINGS: "1" },
  })
  const problems = checkBlock(b, result)
  if (problems.length === 0)
    return {
      ok: true,
      text: `ok   ${b.doc}:${b.line}${b.expectations ? ` (${b.expectations} claims checked)` : ""}`,
    }
  return {
    ok: false,
    name: `${b.doc}:${b.line}`,
    text: `FAIL ${b.doc}:${b.line}\n${problems.map((p) => `     ${p}`).join("\n")}`,
  }
})

const results = await twoAtATime([...typecheckJobs, ...blockJobs])
for (const r of results) {
  console.log(r.text)
  if (!r.ok) failures.push(r.name)
}
const claims = blocks.reduce((n, b) => n + b.expectations, 0)
console.log(`${blocks.length} blocks run, ${claims} claims about their values and output checked`)

const passed = results.length - failures.length
console.log(`\nconsumer: ${passed} passed, ${failures.length} failed`)
if (keep) console.log(`scratch app kept at ${scratch}`)
else rmSync(scratch, { recursive: true, force: true })
process.exit(failures.length ? 1 : 0)
