/**
 * Which CSV a replay reads: the path given as its first argument (a full data file), else the
 * in-repo sample in test/fixtures/data (see its README: source, licence, how it was drawn), so a
 * fresh clone runs every replay.
 */
import { existsSync } from "node:fs"
import { resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** The file to read, and how to name it in the replay's first line. */
export const dataFile = (
  sample: string,
  example: string,
): { readonly path: string; readonly label: string } => {
  const given = process.argv[2]
  const path =
    given === undefined
      ? fileURLToPath(new URL(`../../test/fixtures/data/${sample}`, import.meta.url))
      : resolve(process.cwd(), given)
  if (!existsSync(path)) {
    console.log(`There is no file at ${path}. Usage: npm exec -- tsx examples/${example} [PATH]`)
    process.exit(1)
  }
  const label =
    given === undefined
      ? `test/fixtures/data/${sample} (the in-repo sample; pass the full file's path to replay it all)`
      : given
  return { path, label }
}
