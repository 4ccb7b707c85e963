import { describe } from "../internal/describe.js"
import { eventProblem } from "./check.js"
import { madeState, stateProblem } from "./check-state.js"
import { builtinVocabulary, type Vocabulary } from "./desk-vocabulary.js"
import type { TicketEvent, TicketOpened } from "./events.js"
import { isReopen } from "./rules.js"
import { checkedVocabulary } from "./schema.js"
import { initialState, type OpenedTicket, type TicketState } from "./state.js"
import { InvalidEvent, InvalidTicketState } from "./validation.js"
import type { FieldValue } from "./vocabulary.js"

// Written without spreads: one opening per fold, but every evaluation of a short history pays it.
const opened = (event: TicketOpened, version: number): OpenedTicket => {
  const t: Draft = {
    exists: true,
    id: event.ticketId,
    status: "new",
    priority: event.priority,
    channel: event.channel,
    requester: event.requester,
    assignee: unassigned,
    tags: event.tags === undefined ? noTags : uniqueTags(event.tags),
    openedBy: event.openedBy ?? "customer",
    openedAt: event.at,
    lastEventAt: event.at,
    openPromises: none,
    keptPromises: none,
    chaseCount: 0,
    customerMessageCount: 0,
    publicReplyCount: 0,
    reopenCount: 0,
    surveyAnswers: none,
    followUpsSent: none,
    version,
  }
  if (event.subject !== undefined) t.subject = event.subject
  const fields = event.fields
  if (fields !== undefined) for (const _ in fields) return withFields(t, fields)
  return t
}

const withFields = (t: Draft, fields: Readonly<Record<string, FieldValue>>): OpenedTicket => {
  t.fields = fieldsOf(fields)
  return t
}

// Shared empties: every case below replaces a list or the assignee, never writes into one.
const none: ReadonlyArray<never> = Object.freeze([])
const unassigned = Object.freeze({})
const noTags: ReadonlyArray<string> = Object.freeze([])

/** Tags once each, in the order first given (a ticket's few tags: a scan costs less than a Set). */
const uniqueTags = (tags: ReadonlyArray<string>): ReadonlyArray<string> => {
  for (let i = 1; i < tags.length; i++)
    if (tags.lastIndexOf(tags[i]!, i - 1) !== -1) return [...new Set(tags)]
  return tags
}

/** A null-prototype copy of the fields, so that no field name can reach an object's own keys. */
const fieldsOf = (fields: Readonly<Record<string, FieldValue>>): Readonly<Record<string, FieldValue>> =>
  Object.assign(Object.create(null), fields)

type Draft = { -readonly [K in keyof OpenedTicket]: OpenedTicket[K] }

/**
 * List elements copied by the folds' appends and removals, summed. Never reset: the tests that
 * pin the folds down as linear in the history read it before and after, counting work rather
 * than timing it.
 * @internal
 */
export const copies = { elements: 0 }

/** The append-only lists of a ticket, each a list the folds only ever extend by one (or filter). */
type Appended = "openPromises" | "keptPromises" | "surveyAnswers" | "followUpsSent"

/**
 * What a fold that owns its states keeps between events, so that its appends cost O(1) amortized
 * instead of a copy of the list. Each list alternates between two arrays the fold created: the
 * previous state's, which must stay as it is while a step runs (conditions compare the states
 * before and after), and the other, at most a few elements behind, which the step brings up to
 * date and extends. That one may be held by the states before the previous one: only folds whose
 * older states are dead may use it. Any other array (the frozen empty one, a filtered one) is
 * copied once into a fresh pair.
 */
type Fold = {
  [K in Appended]: [Array<OpenedTicket[K][number]>, Array<OpenedTicket[K][number]>] | undefined
} & {
  /** The promise ids in `promiseLists`, so that a promise made checks its id in O(1). */
  promiseIds: Set<string> | undefined
  promiseLists: [ReadonlyArray<unknown>, ReadonlyArray<unknown>] | undefined
}

const newFold = (): Fold => ({
  openPromises: undefined,
  keptPromises: undefined,
  surveyAnswers: undefined,
  followUpsSent: undefined,
  promiseIds: undefined,
  promiseLists: undefined,
})

/** `list` with `item` after it: a copy without a fold, else one of the fold's two arrays. */
const append = <K extends Appended>(
  fold: Fold | undefined,
  key: K,
  list: OpenedTicket[K],
  item: OpenedTicket[K][number],
): OpenedTicket[K] => {
  const pair = fold?.[key] as [Array<unknown>, Array<unknown>] | undefined
  const behind =
    pair === undefined ? undefined : list === pair[0] ? pair[1] : list === pair[1] ? pair[0] : undefined
  // `behind` is a prefix of `list` (every append extends the latest of the two), unless the
  // fold's states branched, which its callers promise never to do: then a copy, to be safe.
  if (behind === undefined || behind.length > list.length) {
    copies.elements += list.length
    const fresh = [...list, item]
    if (fold !== undefined) fold[key] = [fresh, []] as Fold[K]
    return fresh as OpenedTicket[K]
  }
  copies.elements += list.length - behind.length
  for (let i = behind.length; i < list.length; i++) behind.push(list[i])
  behind.push(item)
  return behind as OpenedTicket[K]
}

/** Whether a promise with this id was made on the ticket, open or kept. */
const promiseUsed = (t: Draft, promiseId: string, fold: Fold | undefined): boolean => {
  if (fold === undefined)
    return (
      t.openPromises.some((p) => p.promiseId === promiseId) ||
      t.keptPromises.some((p) => p.promiseId === promiseId)
    )
  if (!promisesKnown(t, fold)) {
    const ids = new Set<string>()
    for (const p of t.openPromises) ids.add(p.promiseId)
    for (const p of t.keptPromises) ids.add(p.promiseId)
    fold.promiseIds = ids
    fold.promiseLists = [t.openPromises, t.keptPromises]
  }
  return fold.promiseIds!.has(promiseId)
}

/** Whether the fold's id set describes the ticket's promise lists as they are. */
const promisesKnown = (t: Draft, fold: Fold): boolean =>
  fold.promiseIds !== undefined &&
  fold.promiseLists !== undefined &&
  fold.promiseLists[0] === t.openPromises &&
  fold.promiseLists[1] === t.keptPromises

// The states of a fold that owns them (see `Fold`), by the object the fold names itself with.
const folds = new WeakMap<object, Fold>()

const foldOf = (owner: object | undefined): Fold | undefined => {
  if (owner === undefined) return undefined
  let fold = folds.get(owner)
  if (fold === undefined) {
    fold = newFold()
    folds.set(owner, fold)
  }
  return fold
}

/**
 * A copy of the ticket to apply one event to. Written out field by field: one object of one
 * shape per event is several times cheaper than spreads, and every fold pays it per event.
 */
const draft = (s: OpenedTicket, version: number, lastEventAt: Date, type: TicketEvent["type"]): Draft => {
  const t: Draft = {
    exists: true,
    id: s.id,
    status: s.status,
    priority: s.priority,
    channel: s.channel,
    requester: s.requester,
    assignee: s.assignee,
    tags: s.tags,
    openedBy: s.openedBy,
    openedAt: s.openedAt,
    lastEventAt,
    openPromises: s.openPromises,
    keptPromises: s.keptPromises,
    chaseCount: s.chaseCount,
    customerMessageCount: s.customerMessageCount,
    publicReplyCount: s.publicReplyCount,
    reopenCount: s.reopenCount,
    surveyAnswers: s.surveyAnswers,
    followUpsSent: s.followUpsSent,
    version,
  }
  if (s.subject !== undefined) t.subject = s.subject
  // Left out for the events that may remove them, which add them back when they stay: no
  // `delete`, so every draft keeps the shape of a literal.
  if (s.customStatus !== undefined && type !== "StatusChanged") t.customStatus = s.customStatus
  if (s.fields !== undefined && type !== "FieldCleared") t.fields = s.fields
  if (s.mergedInto !== undefined) t.mergedInto = s.mergedInto
  return t
}

// Histories may come from storage or imports that broke the decide rules, so every case
// accepts what it is given; where an event cannot apply (a second TicketOpened, keeping an
// unknown promise) the ticket is left as it was rather than failing the whole fold.
const apply = (t: Draft, event: TicketEvent, previous: OpenedTicket, owner?: object): void => {
  switch (event.type) {
    case "TicketOpened":
    case "NoteAdded":
      return
    case "AutomationApplied":
      // The automation module reads what fired from the history: the state keeps no trace of it.
      return
    case "CustomerMessaged":
      t.customerMessageCount++
      return
    case "AgentReplied":
      t.publicReplyCount++
      return
    case "StatusChanged":
      if (isReopen(t.status, event.status)) t.reopenCount++
      t.status = event.status
      // The draft left the custom status out (see `draft`).
      if (event.customStatus !== undefined) t.customStatus = event.customStatus
      return
    case "TagsAdded": {
      const added = event.tags.filter((tag, i) => !t.tags.includes(tag) && event.tags.indexOf(tag) === i)
      if (added.length > 0) {
        copies.elements += t.tags.length
        t.tags = [...t.tags, ...added]
      }
      return
    }
    case "TagsRemoved":
      if (event.tags.some((tag) => t.tags.includes(tag)))
        t.tags = t.tags.filter((tag) => !event.tags.includes(tag))
      return
    case "FieldSet":
      t.fields = fieldsOf({ ...t.fields, [event.field]: event.value })
      return
    case "FieldCleared": {
      // The draft left the fields out (see `draft`): they come back without the cleared one.
      const before = previous.fields
      if (before === undefined) return
      if (!Object.hasOwn(before, event.field)) {
        t.fields = before
        return
      }
      const fields = fieldsOf(before) as Record<string, FieldValue>
      delete fields[event.field]
      if (Object.keys(fields).length > 0) t.fields = fields
      return
    }
    case "RequesterChanged":
      t.requester = event.requester
      return
    case "PriorityChanged":
      t.priority = event.priority
      return
    case "TicketAssigned":
      t.assignee = {
        ...(event.agentId !== undefined && { agentId: event.agentId }),
        ...(event.groupId !== undefined && { groupId: event.groupId }),
      }
      return
    case "PromiseMade": {
      const fold = foldOf(owner)
      if (promiseUsed(t, event.promiseId, fold)) return
      const promise = {
        promiseId: event.promiseId,
        summary: event.summary,
        madeAt: event.at,
        dueAt: event.dueAt,
      }
      t.openPromises = append(fold, "openPromises", t.openPromises, promise)
      if (fold !== undefined) {
        fold.promiseIds!.add(event.promiseId)
        fold.promiseLists = [t.openPromises, t.keptPromises]
      }
      return
    }
    case "PromiseKept": {
      const promise = t.openPromises.find((p) => p.promiseId === event.promiseId)
      if (promise === undefined) return
      const fold = foldOf(owner)
      const known = fold !== undefined && promisesKnown(t, fold)
      // A filter, not an append: O(open promises), which stay few while they are kept.
      copies.elements += t.openPromises.length
      t.openPromises = t.openPromises.filter((p) => p !== promise)
      t.keptPromises = append(fold, "keptPromises", t.keptPromises, { ...promise, keptAt: event.at })
      // The ids stay the same (a kept promise's id stays used).
      if (known) fold!.promiseLists = [t.openPromises, t.keptPromises]
      return
    }
    case "CustomerChased":
      t.chaseCount++
      return
    case "SurveyAnswered":
      t.surveyAnswers = append(foldOf(owner), "surveyAnswers", t.surveyAnswers, {
        survey: event.survey,
        score: event.score,
        ...(event.comment !== undefined && { comment: event.comment }),
        answeredAt: event.at,
      })
      return
    case "TicketMerged":
      t.mergedInto = event.into
      return
    case "FollowUpSent":
      t.followUpsSent = append(foldOf(owner), "followUpsSent", t.followUpsSent, {
        taskId: event.taskId,
        kind: event.kind,
        sentAt: event.at,
      })
      return
  }
}

/**
 * Applies one event to a ticket's state. Pure, and it never rejects an event for breaking
 * today's rules, because the history is the source of truth even where it did. What it refuses
 * is input that is not a state or not an event: it throws `InvalidTicketState` naming the field
 * of `state`, or `InvalidEvent` naming the field of `event` (`event.at` …).
 *
 * The event's channel and priority are checked against the built-in words; for a desk's own,
 * use `Ticket.decider(vocabulary).evolve` (a third parameter would break `events.reduce(evolve, …)`).
 *
 * Events before the ticket's `TicketOpened` are counted in `version` and otherwise ignored;
 * `lastEventAt` keeps the latest instant seen, so a late-stored event cannot move it back.
 *
 * @example
 * import { evolve, initialState } from "servicekit/ticket"
 *
 * const at = new Date("2025-06-03T08:00:00Z")
 * const opened = evolve(initialState, { type: "TicketOpened", ticketId: "T-1", at, channel: "web", priority: "low", requester: { id: "c-1" } })
 * const chased = evolve(opened, { type: "CustomerChased", ticketId: "T-1", at })
 * chased.exists && chased.chaseCount // => 1
 *
 * @since 0.1.0
 * @category decider
 */
export const evolve = (state: TicketState, event: TicketEvent): TicketState =>
  evolveIn(builtinVocabulary, state, event)

/** {@link evolve} checking against a desk vocabulary (what `Ticket.decider(vocabulary).evolve` runs). */
export const evolveIn = (vocabulary: Vocabulary, state: TicketState, event: TicketEvent): TicketState => {
  const problem = stateProblem(state, "state", vocabulary)
  if (problem !== undefined) throw new InvalidTicketState({ field: problem[0], reason: problem[1] })
  return madeState(evolveUnchecked(state, checkedEvent(event, "event", vocabulary)))
}

/** `event`, or an `InvalidEvent` thrown naming its bad field from `path`. */
const checkedEvent = (event: TicketEvent, path: string, vocabulary: Vocabulary): TicketEvent => {
  const problem = eventProblem(event, vocabulary)
  if (problem !== undefined)
    throw new InvalidEvent({ issues: [{ path: `${path}${problem[0]}`, message: problem[1] }] })
  return event
}

/**
 * {@link evolve} for folds that checked their events already (SLA, follow-ups, replay): no check,
 * nothing remembered. Without `owner`, an event that adds to a list copies it, as `evolve` does.
 * With it, the fold names itself by that object (one per fold, kept for the whole fold) and owns
 * its states: an addition extends arrays the fold made, O(1) amortized, so the fold is linear in
 * the history. It may change the lists of the states before `state` (never `state`'s own): only
 * for folds that keep no state but the latest (and the one before, while a step runs).
 * @internal
 */
export const evolveUnchecked = (state: TicketState, event: TicketEvent, owner?: object): TicketState => {
  const version = state.version + 1
  if (!state.exists)
    return event.type === "TicketOpened" ? opened(event, version) : { exists: false, version }
  const lastEventAt = event.at.getTime() > state.lastEventAt.getTime() ? event.at : state.lastEventAt
  const t = draft(state, version, lastEventAt, event.type)
  apply(t, event, state, owner)
  return t
}

/**
 * {@link evolveUnchecked} writing the next state into `spare`, a state of the same ticket that no
 * one will read again (the state before the previous event, in a fold that keeps only the latest):
 * no allocation per event. Absent optional fields become `undefined` properties on the reused
 * object. Only for folds whose intermediate states never leave them (`Sla.evaluate`'s). `owner` as
 * for {@link evolveUnchecked}.
 * @internal
 */
export const evolveInto = (
  spare: OpenedTicket,
  s: OpenedTicket,
  event: TicketEvent,
  owner?: object,
): OpenedTicket => {
  const t = spare as Draft
  const type = event.type
  t.id = s.id
  t.status = s.status
  t.priority = s.priority
  t.channel = s.channel
  t.requester = s.requester
  t.assignee = s.assignee
  t.tags = s.tags
  t.openedBy = s.openedBy
  t.openedAt = s.openedAt
  t.lastEventAt = event.at.getTime() > s.lastEventAt.getTime() ? event.at : s.lastEventAt
  t.openPromises = s.openPromises
  t.keptPromises = s.keptPromises
  t.chaseCount = s.chaseCount
  t.customerMessageCount = s.customerMessageCount
  t.publicReplyCount = s.publicReplyCount
  t.reopenCount = s.reopenCount
  t.surveyAnswers = s.surveyAnswers
  t.followUpsSent = s.followUpsSent
  t.version = s.version + 1
  const u = t as { -readonly [K in keyof Draft]?: Draft[K] | undefined }
  // Written even when absent, so that the two objects a fold alternates between keep one shape.
  u.subject = s.subject
  u.customStatus = type === "StatusChanged" ? undefined : s.customStatus
  u.fields = type === "FieldCleared" ? undefined : s.fields
  u.mergedInto = s.mergedInto
  apply(t, event, s, owner)
  return t
}

/**
 * Rebuilds a ticket's state from its history: `evolve` folded over the events from `initialState`.
 * A malformed event is refused with `InvalidEvent` naming it (`events[3].at`). O(n) in the history.
 *
 * @example
 * import { replay } from "servicekit/ticket"
 *
 * const state = replay([
 *   { type: "TicketOpened", ticketId: "T-1", at: new Date("2025-06-03T08:00:00Z"), channel: "email", priority: "normal", requester: { id: "c-1" } },
 *   { type: "StatusChanged", ticketId: "T-1", at: new Date("2025-06-03T09:00:00Z"), status: "open" },
 * ])
 * state.exists && state.status // => "open"
 *
 * @since 0.1.0
 * @category decider
 */
export const replay = (
  events: Iterable<TicketEvent>,
  vocabulary: Vocabulary = builtinVocabulary,
): TicketState => {
  checkedVocabulary(vocabulary)
  if (typeof (events as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function")
    throw new InvalidEvent({
      issues: [{ path: "events", message: `must be a list of ticket events, received ${describe(events)}` }],
    })
  // The fold shows no state but the last, so it may own them all (see `evolveUnchecked`).
  const owner = {}
  let state = initialState
  let i = 0
  for (const event of events)
    state = evolveUnchecked(state, checkedEvent(event, `events[${i++}]`, vocabulary), owner)
  return madeState(state)
}
