// The metrics of a desk with its own words: priorities P1–P4 and a whatsapp channel, declared
// once in a desk vocabulary and given to Metrics.measure, Metrics.accumulator, Metrics.scorecard
// and the readers of stored measures and accumulators. Without the vocabulary the desk's words
// are refused, naming the field. Events the figures do not read (tags, fields, custom statuses,
// requester changes) change no count, and a cancelled SLA clock is neither achieved nor breached.
import * as Result from "effect/Result"
import fc from "fast-check"
import { Calendar, FollowUp, Metrics, ServiceLevel, Sla, Ticket } from "servicekit"
import { describe, expect, it } from "vitest"
import { arbHistory, arbNow, arbPolicy, type History, slaPolicies } from "../followup/arbitraries.js"
import { HOUR, MINUTE, nextMon, office, type Story, story, tue, wed } from "../followup/story.js"
import { runs } from "../setup/property-runs.js"
import { fieldOf } from "./invalid.js"

const now = nextMon("12:00")

/** A desk with four priorities (P1 the highest), whatsapp beside email and chat, and its own words. */
const desk = Ticket.vocabulary({
  channels: ["email", "chat", "whatsapp"],
  priorities: ["P4", "P3", "P2", "P1"],
  statuses: { awaitingVendor: "onHold", inProgress: "open" },
  fields: { plan: "string", seats: "number" },
})

const policies = [
  Sla.policy(
    {
      id: "desk",
      targets: { P1: { firstReply: "PT1H" }, P2: { firstReply: "PT4H" }, P3: { firstReply: "PT8H" } },
    },
    { vocabulary: desk },
  ),
]
const followUp = FollowUp.policy({ acknowledge: { within: "PT1H" } }, { vocabulary: desk })

/** The events a ticket's data changes with, none of which the figures read. */
const dataEvents = (s: Story, at: Date): Story =>
  s
    .add({ type: "TagsAdded", ticketId: s.id, at, tags: ["vip", "billing"] })
    .add({ type: "FieldSet", ticketId: s.id, at, field: "seats", value: 40 })
    .add({ type: "FieldSet", ticketId: s.id, at, field: "plan", value: "enterprise" })
    .add({ type: "TagsRemoved", ticketId: s.id, at, tags: ["billing"] })
    .add({ type: "FieldCleared", ticketId: s.id, at, field: "plan" })
    .add({
      type: "RequesterChanged",
      ticketId: s.id,
      at,
      requester: { id: "c-1", name: "Ada", tier: "gold" },
    })

// W-1: on whatsapp at P1, answered in 30 min (in target), solved in one touch.
const w1 = story("W-1")
  .opened(tue("09:00"), { channel: "whatsapp", priority: "P1" })
  .reply(tue("09:30"))
  .solved(tue("10:00"))
// W-2: on whatsapp at P3, chased, answered after 9 business hours (breached), left open.
const w2 = story("W-2")
  .opened(tue("10:00"), { channel: "whatsapp", priority: "P3" })
  .chase(tue("15:00"))
  .reply(wed("10:00"))
// E-1: by email at P2, raised to P1, answered in 2 h (breached at P1), on hold with the vendor.
const e1 = story("E-1")
  .opened(tue("09:00"), { channel: "email", priority: "P2" })
  .add({ type: "PriorityChanged", ticketId: "E-1", at: tue("09:10"), priority: "P1" })
  .reply(tue("11:00"))
  .add({
    type: "StatusChanged",
    ticketId: "E-1",
    at: tue("11:00"),
    status: "onHold",
    customStatus: "awaitingVendor",
  })
// C-1: on chat at P4 (no target), answered in 5 min.
const c1 = story("C-1").opened(tue("09:00"), { channel: "chat", priority: "P4" }).reply(tue("09:05"))

const tickets = [w1, w2, e1, c1].map((s) => s.events)
const grouped: Metrics.AccumulatorOptions = {
  now,
  calendar: office,
  sla: { policies },
  followUp,
  groupBy: ["channel", "priority"],
  vocabulary: desk,
}
const measureOptions: Metrics.MeasureOptions = {
  now,
  calendar: office,
  sla: { policies },
  followUp,
  vocabulary: desk,
}
const measures = tickets.map((events) => Metrics.measure(events, measureOptions)!)
const json = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A

describe("a desk's own channels and priorities", () => {
  const acc = Metrics.accumulator(grouped)
  for (const events of tickets) acc.add(events)
  const { overall, groups } = acc.result()

  it("are measured: a measure holds the desk's channel and its priority at asOf", () => {
    expect(measures.map((m) => [m.ticketId, m.channel, m.priority])).toEqual([
      ["W-1", "whatsapp", "P1"],
      ["W-2", "whatsapp", "P3"],
      ["E-1", "email", "P1"],
      ["C-1", "chat", "P4"],
    ])
    expect(measures.map((m) => [m.slaAchieved, m.slaBreached])).toEqual([
      [["firstReply"], []],
      [[], ["firstReply"]],
      [[], ["firstReply"]],
      [[], []],
    ])
  })

  it("are accumulated: the SLA targets of the desk's priorities are evaluated", () => {
    expect(overall.tickets).toBe(4)
    expect(overall.sla.firstReply).toMatchObject({ successes: 1, n: 3 })
    expect(overall.chased).toMatchObject({ successes: 1, n: 4 })
    expect(overall.backlog.open).toBe(3)
  })

  it("group tickets by the desk's channel and priority", () => {
    expect(groups.map((g) => [g.key, g.report.tickets])).toEqual([
      [{ channel: "chat", priority: "P4" }, 1],
      [{ channel: "email", priority: "P1" }, 1],
      [{ channel: "whatsapp", priority: "P1" }, 1],
      [{ channel: "whatsapp", priority: "P3" }, 1],
    ])
    const byChannel = Metrics.accumulator({ now, calendar: office, groupBy: ["channel"], vocabulary: desk })
    for (const events of tickets) byChannel.add(events)
    const whatsapp = byChannel.result().groups.find((g) => g.key.channel === "whatsapp")!
    expect(whatsapp.report.tickets).toBe(2)
    expect(whatsapp.report.oneTouch).toMatchObject({ successes: 1, n: 1 })
  })

  it("count the same from measures as from histories", () => {
    const fromMeasures = Metrics.accumulator(grouped)
    for (const m of measures) fromMeasures.addMeasure(m)
    expect(fromMeasures.toJSON()).toEqual(acc.toJSON())
  })

  it("round-trip through JSON: measures with decodeMeasure, accumulators with fromJSON", () => {
    const decoded = measures.map((m) => Result.getOrThrow(Metrics.decodeMeasure(json(m), desk)))
    expect(decoded).toEqual(measures)
    const fromStored = Metrics.accumulator(grouped)
    for (const m of decoded) fromStored.addMeasure(m)
    expect(fromStored.toJSON()).toEqual(acc.toJSON())
    const restored = Metrics.Accumulator.fromJSON(json(acc.toJSON()), {
      now,
      calendar: office,
      sla: { policies },
      followUp,
      vocabulary: desk,
    })
    expect(restored.toJSON()).toEqual(acc.toJSON())
    expect(restored.result()).toEqual(acc.result())
    // The measure schema of the desk takes its words; the built-in one does not.
    expect(Metrics.measureSchemaFor(desk).safeParse(json(measures[0])).success).toBe(true)
    expect(Metrics.TicketMeasureSchema.safeParse(json(measures[0])).success).toBe(false)
    expect(Metrics.measureSchemaFor(desk)).toBe(Metrics.measureSchemaFor(desk))
    expect(Metrics.measureSchemaFor(Ticket.builtinVocabulary)).toBe(Metrics.TicketMeasureSchema)
  })

  it("merge with an accumulator of the same desk, and into one whose words name every group", () => {
    const half = Metrics.accumulator(grouped).add(tickets[0]!).add(tickets[1]!)
    const other = Metrics.accumulator(grouped).add(tickets[2]!).add(tickets[3]!)
    expect(half.merge(other).toJSON()).toEqual(acc.toJSON())
    // The same words declared again: another vocabulary object, the same names.
    const again = Ticket.vocabulary({
      channels: ["email", "chat", "whatsapp"],
      priorities: ["P4", "P3", "P2", "P1"],
    })
    const merged = Metrics.accumulator({ ...grouped, vocabulary: again }).merge(acc)
    expect(merged.toJSON()).toEqual(acc.toJSON())
  })

  it("are refused without the vocabulary, naming the field", () => {
    expect(fieldOf(() => Metrics.accumulator({ now }).add(tickets[0]!))).toBe("events[0].channel")
    expect(fieldOf(() => Metrics.measure(tickets[0]!, { now }))).toBe("events[0].channel")
    expect(fieldOf(() => Metrics.measure(tickets[2]!, { now }))).toBe("events[0].priority")
    const raised = story("E-2")
      .opened(tue("09:00"))
      .add({ type: "PriorityChanged", ticketId: "E-2", at: tue("09:10"), priority: "P1" })
    expect(fieldOf(() => Metrics.accumulator({ now }).add(raised.events))).toBe("events[1].priority")
    expect(fieldOf(() => Metrics.accumulator({ now }).addMeasure(measures[0]!))).toBe("measure.channel")
    expect(fieldOf(() => Metrics.accumulator({ now }).addMeasure(measures[2]!))).toBe("measure.priority")
    const refused = Metrics.decodeMeasure(json(measures[0]))
    expect(Result.isFailure(refused) && refused.failure.field).toBe("measure.channel")
    const refusedPriority = Metrics.decodeMeasure(json(measures[2]))
    expect(Result.isFailure(refusedPriority) && refusedPriority.failure.field).toBe("measure.priority")
    const stored = json(Metrics.accumulator(grouped).add(tickets[0]!).toJSON())
    expect(fieldOf(() => Metrics.Accumulator.fromJSON(stored, { now, calendar: office }))).toBe(
      "json.groups[0].key.channel",
    )
    const p1ByEmail = json(
      Metrics.accumulator({ now, groupBy: ["priority"], vocabulary: desk }).add(tickets[2]!),
    )
    expect(fieldOf(() => Metrics.Accumulator.fromJSON(p1ByEmail, { now }))).toBe(
      "json.groups[0].key.priority",
    )
    expect(fieldOf(() => Metrics.scorecard([tickets[1]!], { policies: [], calendar: office, now }))).toBe(
      "tickets[0][0].channel",
    )
    expect(fieldOf(() => Metrics.scorecard([measures[1]!], { policies: [], calendar: office, now }))).toBe(
      "tickets[0].channel",
    )
    // An accumulator of the built-in words takes no group named by the desk's.
    expect(fieldOf(() => Metrics.accumulator({ now, groupBy: ["channel", "priority"] }).merge(acc))).toBe(
      "other.groups.channel",
    )
  })

  it("are checked against the desk's words: a built-in name the desk does not use is refused", () => {
    const web = story("X-1").opened(tue("09:00"), { channel: "web", priority: "P1" })
    expect(fieldOf(() => Metrics.accumulator({ now, vocabulary: desk }).add(web.events))).toBe(
      "events[0].channel",
    )
    const normal = story("X-2").opened(tue("09:00"), { channel: "email", priority: "normal" })
    expect(fieldOf(() => Metrics.measure(normal.events, { now, vocabulary: desk }))).toBe(
      "events[0].priority",
    )
    const builtin = json(Metrics.measure(normal.events, { now })!)
    const decoded = Metrics.decodeMeasure(builtin, desk)
    expect(Result.isFailure(decoded) && decoded.failure.field).toBe("measure.priority")
    expect(fieldOf(() => Metrics.accumulator({ now, channels: ["web"], vocabulary: desk }))).toBe(
      "channels[0]",
    )
  })

  it("refuse a vocabulary that is not one made with Ticket.vocabulary, naming vocabulary", () => {
    const fake = { channels: ["whatsapp"], priorities: ["P1"], isChannel: () => true, isPriority: () => true }
    const vocabulary = fake as unknown as Ticket.Vocabulary
    expect(fieldOf(() => Metrics.accumulator({ now, vocabulary }))).toBe("vocabulary")
    expect(fieldOf(() => Metrics.measure(tickets[0]!, { now, vocabulary }))).toBe("vocabulary")
    expect(fieldOf(() => Metrics.scorecard([], { policies: [], calendar: office, now, vocabulary }))).toBe(
      "vocabulary",
    )
    expect(fieldOf(() => Metrics.Accumulator.fromJSON(json(acc.toJSON()), { now, vocabulary }))).toBe(
      "vocabulary",
    )
    expect(fieldOf(() => Metrics.decodeMeasure(json(measures[0]), vocabulary))).toBe("vocabulary")
    expect(fieldOf(() => Metrics.measureSchemaFor(vocabulary))).toBe("vocabulary")
    expect(fieldOf(() => Metrics.accumulator({ now, vocabulary: "desk" as never }))).toBe("vocabulary")
  })

  it("are given once, as options.vocabulary, not to the SLA options", () => {
    const sla = { policies, vocabulary: desk } as unknown as Metrics.AccumulatorOptions["sla"]
    expect(fieldOf(() => Metrics.accumulator({ now, sla, vocabulary: desk }))).toBe("sla.vocabulary")
  })
})

describe("the channels option naming a desk channel", () => {
  it("counts contact on the offered channels among the desk's", () => {
    const acc = Metrics.accumulator({ now, calendar: office, channels: ["whatsapp"], vocabulary: desk })
    for (const events of tickets) acc.add(events)
    expect(acc.result().overall.onOfferedChannel).toMatchObject({ successes: 2, n: 4 })
  })

  it("scores the availability level of a scorecard over the desk's tickets", () => {
    const card = Metrics.scorecard([...tickets.slice(0, 2), ...measures.slice(2)], {
      policies,
      calendar: office,
      now,
      followUp,
      channels: ["whatsapp", "chat"],
      vocabulary: desk,
    })
    const availability = card.levels.find((l) => l.level === "availability")!
    const offered = availability.indicators.find((i) => i.name === "contactOnOfferedChannel")!
    expect(offered.value).toMatchObject({ successes: 3, n: 4 })
    expect(card.figures.sla.firstReply).toMatchObject({ successes: 1, n: 3 })
  })

  it("is refused when the channel is not the desk's, and a service level's channels too", () => {
    expect(fieldOf(() => Metrics.accumulator({ now, channels: ["whatsapp"] }))).toBe("channels[0]")
    expect(fieldOf(() => Metrics.accumulator({ now, channels: ["email", "fax"], vocabulary: desk }))).toBe(
      "channels[1]",
    )
    const phone = ServiceLevel.make({
      name: "Phone",
      calendar: Calendar.always,
      channels: ["phone"],
      sla: [],
      followUp: FollowUp.policy({}),
    })
    expect(
      fieldOf(() =>
        Metrics.scorecard([], { policies: [], calendar: office, now, serviceLevel: phone, vocabulary: desk }),
      ),
    ).toBe("serviceLevel.channels[0]")
    expect(
      Metrics.scorecard([], { policies: [], calendar: office, now, serviceLevel: phone }).serviceLevel,
    ).toBe("Phone")
  })
})

describe("events the figures do not read", () => {
  /** E-1's history told with tags, fields, custom statuses and a requester change woven in. */
  const told = dataEvents(
    story("E-1")
      .opened(tue("09:00"), { channel: "email", priority: "P2", tags: ["new"], fields: { seats: 10 } })
      .add({ type: "PriorityChanged", ticketId: "E-1", at: tue("09:10"), priority: "P1" }),
    tue("09:10"),
  )
    .add({
      type: "StatusChanged",
      ticketId: "E-1",
      at: tue("09:20"),
      status: "open",
      customStatus: "inProgress",
    })
    .reply(tue("11:00"))
    .add({
      type: "StatusChanged",
      ticketId: "E-1",
      at: tue("11:00"),
      status: "onHold",
      customStatus: "awaitingVendor",
    })
  /** The same history without them. */
  const plain = story("E-1")
    .opened(tue("09:00"), { channel: "email", priority: "P2" })
    .add({ type: "PriorityChanged", ticketId: "E-1", at: tue("09:10"), priority: "P1" })
    .add({ type: "StatusChanged", ticketId: "E-1", at: tue("09:20"), status: "open" })
    .reply(tue("11:00"))
    .status(tue("11:00"), "onHold")

  it("measure the same as the history without them", () => {
    const m = Metrics.measure(told.events, measureOptions)!
    expect(m).toEqual(Metrics.measure(plain.events, measureOptions))
    expect(m).toMatchObject({ replies: 1, reopens: 0, solved: false, slaBreached: ["firstReply"] })
    // On hold with the vendor (its category, onHold): the requester still waits on the desk.
    expect(m.waitingSince).toEqual(tue("11:00"))
  })

  it("accumulate the same counts as the history without them", () => {
    const a = Metrics.accumulator(grouped).add(told.events)
    const b = Metrics.accumulator(grouped).add(plain.events)
    expect(a.toJSON()).toEqual(b.toJSON())
    expect(a.result().overall.tickets).toBe(1)
  })

  it("are still checked: a malformed one is refused, naming it", () => {
    const bad = told.add({
      type: "FieldSet",
      ticketId: "E-1",
      at: tue("12:00"),
      field: "seats",
      value: "forty",
    })
    expect(fieldOf(() => Metrics.measure(bad.events, measureOptions))).toBe(
      `events[${told.events.length}].value`,
    )
    const badTags = told.add({ type: "TagsAdded", ticketId: "E-1", at: tue("12:00"), tags: [""] })
    expect(fieldOf(() => Metrics.accumulator(grouped).add(badTags.events))).toBe(
      `events[${told.events.length}].tags`,
    )
  })

  it("change no measure, woven into any history (property)", () => {
    // The built-in channels and priorities of the random histories, with the desk's statuses and fields.
    const words = Ticket.vocabulary({
      statuses: { awaitingVendor: "onHold", inProgress: "open" },
      fields: { seats: "number" },
    })
    fc.assert(
      fc.property(
        arbHistory.chain((h) =>
          fc.record({
            history: fc.constant(h),
            now: arbNow(h),
            policy: arbPolicy,
            weave: fc.array(fc.boolean(), { minLength: h.events.length, maxLength: h.events.length }),
          }),
        ),
        ({ history, now: at, policy, weave }) => {
          const options = { now: at, calendar: office, sla: { policies: slaPolicies }, followUp: policy }
          const told = weaveDataEvents(history, weave)
          const m = Metrics.measure(told, { ...options, vocabulary: words })
          expect(m).toEqual(Metrics.measure(history.events, options))
        },
      ),
      { numRuns: runs(150) },
    )
  })
})

/**
 * `history` with data events after each event `weave` marks (at its instant, so the order holds),
 * and each onHold or open status given a custom status of that category.
 */
const weaveDataEvents = (history: History, weave: ReadonlyArray<boolean>): Array<Ticket.TicketEvent> => {
  const out: Array<Ticket.TicketEvent> = []
  const opened = history.events[0] as Ticket.TicketOpened
  history.events.forEach((e, i) => {
    if (e.type === "StatusChanged" && (e.status === "onHold" || e.status === "open"))
      out.push({ ...e, customStatus: e.status === "onHold" ? "awaitingVendor" : "inProgress" })
    else out.push(e)
    if (!weave[i]) return
    const base = { ticketId: e.ticketId, at: e.at }
    out.push(
      { ...base, type: "TagsAdded", tags: ["vip"] },
      { ...base, type: "FieldSet", field: "seats", value: i },
      { ...base, type: "TagsRemoved", tags: ["vip"] },
      { ...base, type: "FieldCleared", field: "seats" },
      // The same requester, another name: nothing the plan or the clocks read changes.
      { ...base, type: "RequesterChanged", requester: { ...opened.requester, name: `name ${i}` } },
    )
  })
  return out
}

describe("a cancelled SLA clock", () => {
  /** Time to triage: opening to the first assignment, cancelled when the ticket is tagged spam. */
  const triage = Sla.clock({
    metric: "triage",
    start: { on: "TicketOpened" },
    stop: { on: "TicketAssigned" },
    cancel: { on: "TagsAdded", when: { tags: { any: ["spam"] } } },
    cycles: "single",
  })
  const triagePolicies = [
    Sla.policy(
      { id: "triage", targets: { P1: { triage: { within: "PT1H", hours: "calendar" } } } },
      {
        metrics: ["triage"],
        vocabulary: desk,
      },
    ),
  ]
  const options: Metrics.AccumulatorOptions = {
    now,
    calendar: office,
    sla: { policies: triagePolicies, clocks: [triage] },
    vocabulary: desk,
  }
  const opened = (id: string) => story(id).opened(tue("09:00"), { channel: "whatsapp", priority: "P1" })
  const assigned = (s: Story, at: Date) =>
    s.add({ type: "TicketAssigned", ticketId: s.id, at, agentId: "a-1" })
  const spam = (s: Story, at: Date) => s.add({ type: "TagsAdded", ticketId: s.id, at, tags: ["spam"] })
  const cases = [
    assigned(opened("T-1"), new Date(tue("09:00").getTime() + 30 * MINUTE)), // achieved
    assigned(opened("T-2"), new Date(tue("09:00").getTime() + 2 * HOUR)), // breached
    spam(opened("T-3"), new Date(tue("09:00").getTime() + 40 * MINUTE)), // cancelled in target
    spam(opened("T-4"), new Date(tue("09:00").getTime() + 3 * HOUR)), // cancelled past its target
  ]

  it("counts neither achieved nor breached", () => {
    const acc = Metrics.accumulator(options)
    for (const s of cases) acc.add(s.events)
    expect(acc.result().overall.sla.triage).toMatchObject({ successes: 1, n: 2 })
    const status = Sla.evaluate(cases[3]!.events, {
      policies: triagePolicies,
      clocks: [triage],
      calendar: office,
      now,
      vocabulary: desk,
    })
    expect(status.clocks.map((c) => c.status)).toEqual(["cancelled"])
  })

  it("leaves the measure's SLA lists, and the scorecard's figures, without it", () => {
    const ms = cases.map((s) => Metrics.measure(s.events, options)!)
    expect(ms.map((m) => [m.slaAchieved, m.slaBreached])).toEqual([
      [["triage"], []],
      [[], ["triage"]],
      [[], []],
      [[], []],
    ])
    const fromMeasures = Metrics.accumulator(options)
    for (const m of ms) fromMeasures.addMeasure(Result.getOrThrow(Metrics.decodeMeasure(json(m), desk)))
    expect(fromMeasures.result().overall.sla.triage).toMatchObject({ successes: 1, n: 2 })
  })
})
