// Internal: the one check of IANA zone names, for calendars, ticket requesters and event checks.
const known = new Map<string, boolean>()

const accepted = (zone: string): boolean => {
  // Intl also takes offsets such as "+05:30", which are not zones: they know no DST.
  if (!/^[A-Za-z]/.test(zone)) return false
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Whether `zone` is an IANA time-zone name this runtime knows (answers are cached). */
export const isKnownZone = (zone: string): boolean => {
  let ok = known.get(zone)
  if (ok === undefined) {
    ok = accepted(zone)
    if (known.size < 4096) known.set(zone, ok)
  }
  return ok
}
