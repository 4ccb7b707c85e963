// Several agreements at once: a customer SLA beside the internal OLA of the team that holds the
// ticket (Zendesk group SLAs, ServiceNow SLA/OLA). One fold serves them all: their clock lists are
// concatenated, each agreement reads its own slice of the cycles.
import * as Calendar from "../calendar/index.js"
import { describe, isRecord } from "../internal/describe.js"
import { messageFor, toValidationIssues, type ValidationIssue } from "../internal/issues.js"
import { builtinVocabulary, type OpenedTicket, Vocabulary } from "../ticket/index.js"
import { builtinClocks, type ClockDefinition } from "./clock.js"
import { triggerMasks } from "./clock-spec.js"
import { InvalidAgreement } from "./errors.js"
import { checkClocks } from "./fold.js"
import { isPolicy, type Policy } from "./policy.js"
import type { SlaStatus } from "./status.js"
import { MAX_WHEN_DEPTH, type Predicates, tooDeep, type When, WhenSchema } from "./when.js"
import { predicateIn, whenIssues } from "./when-check.js"
import { changesOn } from "./when-deps.js"
import { matcherOf } from "./when-match.js"

/**
 * One agreement a ticket is under: ordered policies (the first whose `when` matches applies),
 * the calendar its clocks count in, its clock definitions (default: the built-in metrics), and
 * `while`, for an agreement that holds only while the ticket matches it: an internal OLA of the
 * L2 team (`while: { group: ["L2"] }`) counts only the time L2 holds the ticket, and reports
 * nothing until L2 first has it.
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * const l2: Sla.Agreement = {
 *   policies: [Sla.policy({ id: "l2-ola", targets: { urgent: { resolution: "PT4H" } } })],
 *   calendar: Calendar.always,
 *   while: { group: ["L2"] },
 * }
 * ```
 * @since 0.2.0
 * @category Agreements
 */
export interface Agreement {
  /** Ordered policies made with `Sla.policy`: the first whose `when` matches applies. */
  readonly policies: ReadonlyArray<Policy>
  /** The business calendar its clocks count in, or a function choosing one per ticket. */
  readonly calendar: Calendar.Calendar | ((ticket: OpenedTicket) => Calendar.Calendar)
  /** Its clock definitions (default: the built-in metrics). */
  readonly clocks?: ReadonlyArray<ClockDefinition> | undefined
  /** The agreement counts only while the ticket matches this (no predicates). */
  readonly while?: When | undefined
}

/**
 * Options for `Sla.evaluate` with several named agreements.
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * const options: Sla.AgreementsOptions = {
 *   agreements: {
 *     customer: { policies: [Sla.policy({ id: "std", targets: { normal: { firstReply: "PT4H" } } })], calendar: Calendar.always },
 *   },
 *   now: new Date("2025-06-05T10:00:00Z"),
 * }
 * ```
 * @since 0.2.0
 * @category Agreements
 */
export interface AgreementsOptions {
  /** The agreements by name, reported in this order. */
  readonly agreements: Readonly<Record<string, Agreement>>
  /** The instant to evaluate at (events after it are ignored). */
  readonly now: Date | number
  /** Named tests for the policies' `when.predicate`. */
  readonly predicates?: Predicates
  /** The desk's vocabulary, which the events' channels and priorities are checked against. */
  readonly vocabulary?: Vocabulary
}

/**
 * What `Sla.evaluate` returns for several agreements: each agreement's status (as a lone
 * `Sla.evaluate` reports it), and the earliest `nextChangeAt` of them all.
 *
 * @example
 * ```ts
 * import type { Sla } from "servicekit"
 * const none: Sla.AgreementsStatus = {
 *   agreements: { customer: { policyId: null, clocks: [], nextChangeAt: undefined } },
 *   nextChangeAt: undefined,
 * }
 * ```
 * @since 0.2.0
 * @category Agreements
 */
export interface AgreementsStatus {
  readonly agreements: Readonly<Record<string, SlaStatus>>
  readonly nextChangeAt: Date | undefined
}

/** The fold plan of one agreements object: names, the combined clock list, where each slice starts. */
export interface Plan {
  readonly vocabulary: Vocabulary
  readonly names: ReadonlyArray<string>
  readonly agreements: ReadonlyArray<Agreement>
  readonly clocks: ReadonlyArray<ReadonlyArray<ClockDefinition>>
  readonly combined: ReadonlyArray<ClockDefinition>
  readonly offsets: ReadonlyArray<number>
  /** Per agreement, its `while` compiled (undefined: always holds). */
  readonly holds: ReadonlyArray<((ticket: OpenedTicket) => boolean) | undefined>
}

/**
 * Plans by their first agreement object: options written inline (a new `agreements` object per
 * call, the same agreements inside) find their plan again by the names and agreements it holds.
 */
const plans = new WeakMap<object, Array<Plan>>()
/** Agreements `Sla.agreement` checked, with the vocabulary they were checked against. */
const madeAgreements = new WeakMap<Agreement, Vocabulary>()

const samePlan = (
  plan: Plan,
  names: ReadonlyArray<string>,
  agreements: Record<string, unknown>,
  v: Vocabulary,
) =>
  plan.vocabulary === v &&
  plan.names.length === names.length &&
  names.every((name, i) => plan.names[i] === name && plan.agreements[i] === agreements[name])

/** What is wrong with an agreement (its path is `at`), as issues; none when it is usable. */
const agreementIssues = (a: unknown, at: string, vocabulary: Vocabulary): Array<ValidationIssue> => {
  if (!isRecord(a))
    return [{ path: at, message: `must be { policies, calendar, clocks?, while? }, received ${describe(a)}` }]
  const issues: Array<ValidationIssue> = []
  for (const key of Object.keys(a))
    if (key !== "policies" && key !== "calendar" && key !== "clocks" && key !== "while")
      issues.push({
        path: `${at}.${key}`,
        message: "unknown key (an agreement has policies, calendar, clocks, while)",
      })
  if (!Array.isArray(a.policies))
    issues.push({ path: `${at}.policies`, message: "must be a list of policies made with Sla.policy" })
  else
    a.policies.forEach((p, i) => {
      if (!isPolicy(p))
        issues.push({
          path: `${at}.policies[${i}]`,
          message: "is not a policy made with Sla.policy or Sla.decodePolicy",
        })
    })
  if (Array.isArray(a.policies) && (a.clocks === undefined || Array.isArray(a.clocks))) {
    // Every metric a policy targets needs a clock of this agreement: found now, not on a ticket.
    const metrics = new Set(
      ((a.clocks ?? builtinClocks) as ReadonlyArray<{ metric?: unknown }>).map((c) => c?.metric),
    )
    a.policies.forEach((p, i) => {
      if (!isPolicy(p)) return
      for (const [priority, byMetric] of Object.entries(p.targets))
        for (const metric of Object.keys(byMetric ?? {}))
          if (!metrics.has(metric))
            issues.push({
              path: `${at}.policies[${i}].targets.${priority}.${metric}`,
              message: `no clock of this agreement measures ${JSON.stringify(metric)} (give it in clocks)`,
            })
    })
  }
  if (!(a.calendar instanceof Calendar.Calendar) && typeof a.calendar !== "function")
    issues.push({
      path: `${at}.calendar`,
      message: `must be a calendar made with Calendar.make, or a function choosing one per ticket, received ${describe(a.calendar)}`,
    })
  if (a.while !== undefined) {
    const deep = tooDeep(a.while, `${at}.while`)
    if (deep !== undefined)
      return [...issues, { path: deep, message: `conditions nest deeper than ${MAX_WHEN_DEPTH} levels` }]
    const parsed = WhenSchema.safeParse(a.while, { error: messageFor, jitless: true })
    if (!parsed.success)
      for (const i of toValidationIssues(parsed.error.issues))
        issues.push({ path: i.path === "" ? `${at}.while` : `${at}.while.${i.path}`, message: i.message })
    else {
      whenIssues(a.while as When, `${at}.while`, vocabulary, issues)
      const predicate = predicateIn(a.while as When, `${at}.while`)
      if (predicate !== undefined)
        issues.push({
          path: predicate,
          message: "cannot use predicates (an agreement's condition is read during the fold)",
        })
    }
  }
  return issues
}

/**
 * Checks an agreement when it is configured (its policies, calendar, clocks and `while`, whose
 * names must be in the desk `vocabulary`) and returns it. Throws {@link InvalidAgreement} naming
 * every bad field. `Sla.evaluate` checks agreements it was not given this way itself.
 *
 * @example
 * ```ts
 * import { Calendar, Sla } from "servicekit"
 * const l2 = Sla.agreement({
 *   policies: [Sla.policy({ id: "l2-ola", targets: { urgent: { resolution: "PT4H" } } })],
 *   calendar: Calendar.always,
 *   while: { group: ["L2"] },
 * })
 * l2.while // => { group: ["L2"] }
 * ```
 * @since 0.2.0
 * @category Agreements
 */
export const agreement = (spec: Agreement, options: { readonly vocabulary?: Vocabulary } = {}): Agreement => {
  const vocabulary = options?.vocabulary ?? builtinVocabulary
  if (!(vocabulary instanceof Vocabulary))
    throw new InvalidAgreement([
      {
        path: "(options).vocabulary",
        message: `must be a vocabulary made with Ticket.vocabulary, received ${describe(vocabulary)}`,
      },
    ])
  // The clocks first: the policies' targets are checked against them.
  if (isRecord(spec)) checkClocksAt(spec.clocks, "agreement.clocks")
  const issues = agreementIssues(spec, "agreement", vocabulary)
  if (issues.length > 0) throw new InvalidAgreement(issues)
  madeAgreements.set(spec, vocabulary)
  return spec
}

const checkClocksAt = (clocks: ReadonlyArray<ClockDefinition> | undefined, path: string): void => {
  if (clocks === undefined) return
  try {
    checkClocks(clocks)
  } catch (e) {
    const field = (e as { field?: string }).field ?? ""
    throw new InvalidAgreement([
      {
        path: field.startsWith("clocks") ? `${path}${field.slice("clocks".length)}` : path,
        message: (e as { reason?: string }).reason ?? String(e),
      },
    ])
  }
}

/** The plan of an agreements object, checking it the first time (then cached by identity). */
export const planOf = (agreements: unknown, vocabulary: Vocabulary): Plan => {
  if (!isRecord(agreements))
    throw new InvalidAgreement([
      {
        path: "agreements",
        message: `must be an object of named agreements, received ${describe(agreements)}`,
      },
    ])
  const names = Object.keys(agreements)
  if (names.length === 0)
    throw new InvalidAgreement([{ path: "agreements", message: "must name at least one agreement" }])
  const first = agreements[names[0]!]
  const candidates = typeof first === "object" && first !== null ? plans.get(first) : undefined
  if (candidates !== undefined)
    for (const plan of candidates) if (samePlan(plan, names, agreements, vocabulary)) return plan
  const list: Array<Agreement> = []
  const clocks: Array<ReadonlyArray<ClockDefinition>> = []
  const combined: Array<ClockDefinition> = []
  const offsets: Array<number> = []
  const holdsList: Array<((ticket: OpenedTicket) => boolean) | undefined> = []
  for (const name of names) {
    const a = agreements[name] as Agreement
    const at = `agreements.${name}`
    if (madeAgreements.get(a) !== vocabulary) {
      if (isRecord(a)) checkClocksAt(a.clocks, `${at}.clocks`)
      const issues = agreementIssues(a, at, vocabulary)
      if (issues.length > 0) throw new InvalidAgreement(issues)
    }
    const own = a.clocks ?? builtinClocks
    const w = a.while === undefined ? undefined : matcherOf(a.while)
    const held = w === undefined ? undefined : (t: OpenedTicket) => w(t)
    list.push(a)
    clocks.push(own)
    offsets.push(combined.length)
    holdsList.push(held)
    for (const d of own) {
      if (held === undefined) {
        combined.push(d)
        continue
      }
      // Counted only while the agreement holds: paused whenever it does not.
      const wrapped: ClockDefinition = { ...d, pauseWhile: (t) => !held(t) || d.pauseWhile?.(t) === true }
      // Its pause condition now also reads what `while` reads.
      const masks = triggerMasks.get(d)
      if (masks !== undefined)
        triggerMasks.set(wrapped, { ...masks, pause: masks.pause | changesOn(a.while!) })
      combined.push(wrapped)
    }
  }
  const plan: Plan = { vocabulary, names, agreements: list, clocks, combined, offsets, holds: holdsList }
  // A few plans per first agreement at most in practice; the bound keeps a misuse from growing it.
  const list_ = candidates ?? []
  if (list_.length < 16) list_.push(plan)
  if (candidates === undefined) plans.set(first as object, list_)
  return plan
}
