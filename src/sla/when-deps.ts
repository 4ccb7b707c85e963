// Internal: which event types can change what a condition reads, so that a fold need not test a
// condition again after an event that cannot change its answer (a reply cannot change a tag test).
import { typeBit } from "./event-types.js"
import type { CountName, When } from "./when.js"

const bits = (...types: ReadonlyArray<string>): number => types.reduce((m, t) => m | typeBit(t), 0)

/** Every event type: a condition whose reads are not known (a named predicate) may change on any. */
const ANY = -1

const countBits: { readonly [K in CountName]: number } = {
  publicReplies: bits("AgentReplied"),
  customerMessages: bits("CustomerMessaged"),
  chases: bits("CustomerChased"),
  reopens: bits("StatusChanged"),
}

/**
 * The event-type bits (see `typeBit`) of the events after which `when`'s answer may differ, for a
 * ticket that exists already (an opening changes everything; the caller tests it after the first
 * event). Follows what `evolve` changes per event type: the ticket's channel and `openedBy` never
 * change; a predicate may read anything.
 */
export const changesOn = (when: When): number => {
  let mask = 0
  if (when.predicate !== undefined) return ANY
  if (when.priority !== undefined) mask |= bits("PriorityChanged")
  if (when.status !== undefined || when.customStatus !== undefined) mask |= bits("StatusChanged")
  if (when.tags !== undefined) mask |= bits("TagsAdded", "TagsRemoved")
  if (when.fields !== undefined) mask |= bits("FieldSet", "FieldCleared")
  if (when.tier !== undefined || when.organization !== undefined) mask |= bits("RequesterChanged")
  if (when.group !== undefined || when.assignee !== undefined) mask |= bits("TicketAssigned")
  for (const name of Object.keys(when.counts ?? {})) mask |= countBits[name as CountName] ?? ANY
  for (const part of [
    ...(when.all ?? []),
    ...(when.any ?? []),
    ...(when.not === undefined ? [] : [when.not]),
  ])
    mask |= changesOn(part)
  return mask
}
