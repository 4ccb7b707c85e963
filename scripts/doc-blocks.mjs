// The code blocks of the docs as tests: every ```ts block of README.md and docs/*.md is a program
// that must typecheck and run against the installed package. What a block claims is checked:
//
//   expression // => value            the expression's value, printed as below, is `value`
//   const x = expression // => value  the same for the declared variable
//   ```text block right after it      the block's whole standard output
//
// A claim's value is what follows `// =>`: a literal ({…}, […], "…") up to its closing bracket or
// quote, otherwise the first word (a date, a number, true, …); whatever follows is a note for the
// reader and is not compared. Values print as a reader expects: a Date as its ISO string, a
// string in double quotes, anything else as node's util.inspect on one line. `…` stands for any
// text (a line of its own in a text block: any number of lines); digits may be grouped with `_`.
// A block that needs a setup imports it visibly from docs/preludes/ (one shared prelude per doc).
import { basename } from "node:path"

/** The ```ts blocks of one document, with their claims and the text block that follows each. */
export const extractBlocks = (doc, text) => {
  const lines = text.split("\n")
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const fence = lines[i].trim()
    if (fence !== "```ts" && fence !== "```typescript") continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end].trim() !== "```") end++
    const code = lines.slice(start, end)
    let next = end + 1
    while (next < lines.length && lines[next].trim() === "") next++
    let expectedOutput = null
    if (lines[next]?.trim() === "```text") {
      let close = next + 1
      while (close < lines.length && lines[close].trim() !== "```") close++
      expectedOutput = lines.slice(next + 1, close)
    }
    const claims = code.flatMap((line, k) => {
      const at = line.indexOf("// =>")
      return at < 0
        ? []
        : [{ index: k, docLine: start + k + 1, code: line.slice(0, at), claim: line.slice(at + 5).trim() }]
    })
    const name = doc === "README.md" ? "readme" : `docs/${basename(doc, ".md")}`
    blocks.push({
      doc,
      line: start, // the fence's line, 1-based
      file: `${name}-${start}.ts`,
      code: `${code.join("\n")}\n`,
      lines: code,
      claims,
      expectedOutput,
      expectations: claims.length + (expectedOutput ? 1 : 0),
    })
    i = end
  }
  return blocks
}

const declaration = /^(\s*)(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\b/

/** The block with each claimed value reported to the runtime (scripts/doc-check-runtime.ts). */
export const instrument = (block, runtimePath) => {
  const lines = [...block.lines]
  for (const c of block.claims) {
    const code = c.code.trimEnd().replace(/;$/, "")
    const decl = declaration.exec(code)
    if (decl) lines[c.index] = `${code}; __show(${c.docLine}, ${decl[2]})`
    else if (code.trim() === "") lines[c.index] = `__claimWithoutExpression(${c.docLine})`
    else {
      const indent = code.length - code.trimStart().length
      lines[c.index] = `${code.slice(0, indent)}__show(${c.docLine}, (${code.trim()}))`
    }
  }
  const spec = runtimePath.startsWith(".") ? runtimePath : `./${runtimePath}`
  return `import { __show, __claimWithoutExpression } from "${spec}"\n${lines.join("\n")}\n`
}

const closing = { "{": "}", "[": "]", "(": ")" }

/** The compared part of a claim: a bracketed or quoted literal, else the first word. */
export const claimedValue = (claim) => {
  const first = claim[0]
  if (first === '"' || first === "'") {
    for (let i = 1; i < claim.length; i++) {
      if (claim[i] === "\\") i++
      else if (claim[i] === first) return claim.slice(0, i + 1)
    }
    return claim
  }
  if (first in closing) {
    const stack = []
    let quote = null
    for (let i = 0; i < claim.length; i++) {
      const ch = claim[i]
      if (quote) {
        if (ch === "\\") i++
        else if (ch === quote) quote = null
      } else if (ch === '"' || ch === "'") quote = ch
      else if (ch in closing) stack.push(closing[ch])
      else if (ch === stack[stack.length - 1]) {
        stack.pop()
        if (stack.length === 0) return claim.slice(0, i + 1)
      }
    }
    return claim
  }
  const word = claim.split(/\s/)[0]
  return word.replace(/[:;,]$/, "")
}

/**
 * One spelling for a printed value, so that the doc may write it as a reader would: each string
 * literal ('…' or "…") as JSON, digits grouped with `_` ungrouped, no space inside brackets, runs
 * of spaces as one.
 */
const normalize = (text) => {
  let out = ""
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"' || ch === "'") {
      let content = ""
      let j = i + 1
      for (; j < text.length && text[j] !== ch; j++) {
        if (text[j] === "\\" && j + 1 < text.length) {
          const next = text[++j]
          content += next === "n" ? "\n" : next === "t" ? "\t" : next
        } else content += text[j]
      }
      out += JSON.stringify(content)
      i = j
    } else if (/\s/.test(ch)) {
      let j = i
      while (j + 1 < text.length && /\s/.test(text[j + 1])) j++
      const before = out[out.length - 1]
      const after = text[j + 1]
      if (out !== "" && after !== undefined && !"[{(".includes(before) && !"]})".includes(after)) out += " "
      i = j
    } else if (ch === "_" && /\d/.test(out[out.length - 1] ?? "") && /\d/.test(text[i + 1] ?? "")) {
      // 43_200_000 is 43200000
    } else out += ch
  }
  return out
}

/** Does `text` match `pattern`, where `…` in the pattern stands for any run of characters? */
export const globMatch = (pattern, text) => {
  const parts = pattern.split("…")
  if (parts.length === 1) return pattern === text
  if (!text.startsWith(parts[0])) return false
  let at = parts[0].length
  for (let i = 1; i < parts.length - 1; i++) {
    const found = text.indexOf(parts[i], at)
    if (found < 0) return false
    at = found + parts[i].length
  }
  const last = parts[parts.length - 1]
  return text.length - last.length >= at && text.endsWith(last)
}

/** Does the output match the expected lines (a line `…` alone matches any number of lines)? */
export const outputMatches = (expected, actual) => {
  const match = (e, a) => {
    if (e === expected.length) return a === actual.length
    if (expected[e].trim() === "…") {
      for (let k = a; k <= actual.length; k++) if (match(e + 1, k)) return true
      return false
    }
    return a < actual.length && globMatch(expected[e].trimEnd(), actual[a].trimEnd()) && match(e + 1, a + 1)
  }
  return match(0, 0)
}

const trimLines = (lines) => {
  const out = [...lines]
  while (out.length && out[out.length - 1].trim() === "") out.pop()
  while (out.length && out[0].trim() === "") out.shift()
  return out
}

/** What is wrong with one run of a block: exit, claims, output. */
export const checkBlock = (block, run) => {
  const problems = []
  if (run.error) problems.push(`did not finish: ${run.error.message}`)
  const stderr = run.stderr ?? ""
  const records = new Map()
  const stdoutLines = []
  for (const line of (run.stdout ?? "").split("\n")) {
    // The runtime reports claimed values on stdout, each on a line of its own behind a marker.
    if (line.startsWith("\u0000doc-check ")) {
      const r = JSON.parse(line.slice("\u0000doc-check ".length))
      records.set(r.line, r)
    } else stdoutLines.push(line)
  }
  if (run.status !== 0)
    problems.push(`exited with ${run.status}: ${stderr.trim().split("\n").slice(-8).join("\n     ")}`)
  for (const c of block.claims) {
    const r = records.get(c.docLine)
    if (!r) {
      if (run.status === 0) problems.push(`line ${c.docLine}: the claimed expression never ran`)
      continue
    }
    if (r.error) {
      problems.push(`line ${c.docLine}: ${r.error}`)
      continue
    }
    const expected = normalize(claimedValue(c.claim))
    const actual = normalize(r.text)
    if (!globMatch(expected, actual))
      problems.push(`line ${c.docLine}: the doc says ${expected}\n       it printed  ${actual}`)
  }
  if (block.expectedOutput) {
    const expected = trimLines(block.expectedOutput)
    const actual = trimLines(stdoutLines)
    if (!outputMatches(expected, actual)) {
      problems.push(
        `the output differs from the text block after it:\n--- the doc says\n${expected.join("\n")}\n--- it printed\n${actual.join("\n")}`,
      )
    }
  }
  return problems
}
