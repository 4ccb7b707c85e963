import { givenTicket } from "servicekit/testing"
import { type SurveyKind, surveyScales } from "servicekit/ticket"
import { describe, expect, it } from "vitest"
import { at, command, event, history } from "./fixtures.js"

const inRange: ReadonlyArray<readonly [SurveyKind, number]> = [
  ["csat", 1],
  ["csat", 5],
  ["nps", 0],
  ["nps", 10],
  ["ces", 1],
  ["ces", 7],
]
const outOfRange: ReadonlyArray<readonly [SurveyKind, number]> = [
  ["csat", 0],
  ["csat", 6],
  ["csat", 4.5],
  ["nps", -1],
  ["nps", 11],
  ["nps", 9.5],
  ["ces", 0],
  ["ces", 8],
]

describe("survey answers", () => {
  it.each(inRange)("accept %s score %d on a solved ticket", (survey, score) => {
    const state = givenTicket(history.solved)
      .when(command("RecordSurveyAnswer", 10, { survey, score, comment: "thanks" }))
      .thenEmits([event("SurveyAnswered", 10, { survey, score, comment: "thanks" })])
    expect(state).toMatchObject({ surveyAnswers: [{ survey, score, comment: "thanks" }] })
  })

  it.each(outOfRange)("reject %s score %d, outside the survey's integer scale", (survey, score) => {
    const { min, max } = surveyScales[survey]
    const error = givenTicket(history.solved)
      .when(command("RecordSurveyAnswer", 10, { survey, score }))
      .thenFails("SurveyScoreOutOfRange", { survey, score, min, max })
    expect(error.message).toContain(`${min} to ${max}`)
  })

  it("are accepted on closed tickets", () => {
    givenTicket(history.closed)
      .when(command("RecordSurveyAnswer", 10, { survey: "nps", score: 9 }))
      .thenEmits([event("SurveyAnswered", 10, { survey: "nps", score: 9 })])
  })

  it.each(["new", "open", "pending", "onHold"] as const)("are refused while the ticket is %s", (status) => {
    givenTicket(history[status])
      .when(command("RecordSurveyAnswer", 10, { survey: "csat", score: 5 }))
      .thenFails("SurveyBeforeResolution", { ticketId: "T-1", status })
  })
})

describe("sent follow-ups", () => {
  it.each(["open", "solved", "closed"] as const)("are recorded on a %s ticket", (status) => {
    const state = givenTicket(history[status])
      .when(command("RecordFollowUpSent", 10, { taskId: "T-1/checkIn", kind: "checkIn" }))
      .thenEmits([event("FollowUpSent", 10, { taskId: "T-1/checkIn", kind: "checkIn" })])
    expect(state).toMatchObject({
      followUpsSent: [{ taskId: "T-1/checkIn", kind: "checkIn", sentAt: at(10) }],
    })
  })

  it("are recorded once: reporting the same task again is a no-op", () => {
    givenTicket([...history.solved, event("FollowUpSent", 5, { taskId: "T-1/checkIn", kind: "checkIn" })])
      .when(command("RecordFollowUpSent", 10, { taskId: "T-1/checkIn", kind: "checkIn" }))
      .thenEmits([])
  })

  it("need a task id and a kind", () => {
    givenTicket(history.open)
      .when(command("RecordFollowUpSent", 10, { taskId: "", kind: "" }))
      .thenFails("InvalidCommand", {
        issues: [
          { path: "taskId", message: "must not be empty" },
          { path: "kind", message: "must not be empty" },
        ],
      })
  })
})
