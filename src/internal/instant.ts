// Internal: the one reading of an instant given as a `Date` or epoch milliseconds.

/** Epoch milliseconds of a `Date` or a number; `NaN` for anything else (callers name the field). */
export const epochMsOf = (value: unknown): number =>
  typeof value === "number" ? value : value instanceof Date ? value.getTime() : Number.NaN
