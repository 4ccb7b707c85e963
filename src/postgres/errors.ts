import * as Data from "effect/Data"

/**
 * An argument of `servicekit/postgres` is malformed (a programmer's mistake, thrown or rejected at
 * once rather than failing deep inside a query); `field` names it (`db`, `db.query`, `pool`,
 * `options.schema` …).
 *
 * @example
 * ```ts
 * import { InvalidPostgresInput } from "servicekit/postgres"
 * new InvalidPostgresInput({ field: "options.schema", reason: "must be a lowercase identifier" }).message
 * // => "options.schema: must be a lowercase identifier"
 * ```
 * @since 0.3.0
 * @category Errors
 */
export class InvalidPostgresInput extends Data.TaggedError("InvalidPostgresInput")<{
  readonly field: string
  readonly reason: string
  readonly message: string
}> {
  constructor(args: { readonly field: string; readonly reason: string }) {
    super({ ...args, message: `${args.field}: ${args.reason}` })
  }
}

/**
 * A migration could not be applied: `version` and `name` say which one, `reason` what the database
 * answered (with its SQLSTATE), `cause` keeps what the driver threw. Nothing of the run was
 * committed: migrations run in one transaction.
 *
 * @example
 * ```ts
 * import { MigrationFailed } from "servicekit/postgres"
 * new MigrationFailed({ version: 2, name: "claim fencing", reason: "permission denied (SQLSTATE 42501)" }).message
 * // => "migration 2 (claim fencing) failed: permission denied (SQLSTATE 42501)"
 * ```
 * @since 0.3.0
 * @category Errors
 */
export class MigrationFailed extends Data.TaggedError("MigrationFailed")<{
  readonly version: number
  readonly name: string
  readonly reason: string
  readonly cause?: unknown
  readonly message: string
}> {
  constructor(args: {
    readonly version: number
    readonly name: string
    readonly reason: string
    readonly cause?: unknown
  }) {
    super({ ...args, message: `migration ${args.version} (${args.name}) failed: ${args.reason}` })
  }
}

/** A driver error as one line: its message and, when it has one, its SQLSTATE. */
export const describeCause = (cause: unknown): string => {
  const message = cause instanceof Error ? cause.message : String(cause)
  const code =
    typeof cause === "object" && cause !== null ? (cause as { readonly code?: unknown }).code : undefined
  return typeof code === "string" ? `${message} (SQLSTATE ${code})` : message
}
