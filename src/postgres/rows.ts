// Rows in and out: events to JSON and back, columns read with a check, claim tokens as the column
// takes them. Whatever does not fit is a CorruptRow, which the store turns into a StoreFailure.
import * as Result from "effect/Result"
import { decodeEvent, type TicketEvent } from "../ticket/index.js"

/** A row the store cannot make sense of, or an event it will not store: a StoreFailure. */
export class CorruptRow extends Error {
  constructor(
    readonly reason: string,
    readonly detail?: unknown,
  ) {
    super(reason)
  }
}

/**
 * The events as one JSON array, and as they read back from it. Reading each one back before it is
 * written turns an event that would not load again (a Date outside years 0–9999 has no ISO-8601
 * form the schema accepts) into a failed append instead of an unreadable ticket. Linear in the
 * events' size.
 */
export const encodeEvents = (
  ticketId: string,
  expectedVersion: number,
  events: ReadonlyArray<TicketEvent>,
): { readonly json: string; readonly stored: Array<TicketEvent> } => {
  const json: Array<string> = []
  const stored: Array<TicketEvent> = []
  for (const [i, event] of events.entries()) {
    const text = JSON.stringify(event) as string | undefined
    const back = text === undefined ? undefined : decodeEvent(JSON.parse(text))
    if (back === undefined || Result.isFailure(back))
      throw new CorruptRow(
        `ticket ${JSON.stringify(ticketId)}: the event for version ${expectedVersion + i + 1} would not ` +
          `read back from JSON${back === undefined ? "" : `: ${back.failure.message}`}`,
        back,
      )
    json.push(text as string)
    stored.push(back.success)
  }
  return { json: `[${json.join(",")}]`, stored }
}

/** Rows of `ticket_events` (version, event) from `firstVersion` on, revived and validated; linear. */
export const decodeRows = (
  ticketId: string,
  firstVersion: number,
  rows: ReadonlyArray<Record<string, unknown>>,
): Array<TicketEvent> =>
  rows.map((row, i) => {
    const version = integer(row, "version")
    if (version !== firstVersion + i)
      throw new CorruptRow(`ticket ${JSON.stringify(ticketId)} has no event at version ${firstVersion + i}`)
    // Every supported driver parses jsonb; a string here is a JSON string scalar, not an event.
    const decoded = decodeEvent(row.event)
    if (Result.isFailure(decoded))
      throw new CorruptRow(
        `ticket ${JSON.stringify(ticketId)}: the stored event at version ${version} is not a valid event: ` +
          decoded.failure.message,
        decoded.failure,
      )
    return decoded.success
  })

/** An integer column: int4 arrives as a number from every driver; int8 as a string from pg and postgres.js. */
export const integer = (row: Record<string, unknown>, column: string): number => {
  const value = row[column]
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" || typeof value === "bigint"
        ? Number(value)
        : Number.NaN
  if (!Number.isSafeInteger(n))
    throw new CorruptRow(`column ${column} holds ${String(value)}, not an integer`)
  return n
}

export const text = (row: Record<string, unknown>, column: string): string => {
  const value = row[column]
  if (typeof value !== "string") throw new CorruptRow(`column ${column} holds ${String(value)}, not text`)
  return value
}

/** A claim token as the bigint column takes it; a token this store did not make matches nothing. */
export const token = (claim: string): string | null => (/^[0-9]{1,18}$/.test(claim) ? claim : null)

export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { readonly code?: unknown }).code === "23505"
