/**
 * Satisfaction and service metrics: CSAT, NPS and CES with honest intervals and response
 * rates; operational figures from ticket histories (first reply, resolution, one-touch,
 * reopens, SLA achievement, promises, follow-ups, backlog) in mergeable accumulators with
 * quantile sketches; and the service-level scorecard of seven levels.
 *
 * @example
 * ```ts
 * import { Metrics } from "servicekit"
 * Metrics.csat([5, 4, 2, 5]).score // => 0.75
 * ```
 * @module
 */
export { Accumulator, accumulator } from "./accumulator.js"
export { InvalidMetrics } from "./errors.js"
export { type Interval, type Proportion, proportion, wilson } from "./intervals.js"
export { decodeMeasure, measure, measureSchemaFor, TicketMeasureSchema } from "./measure.js"
export { renderScorecard } from "./render.js"
export {
  defaultGoals,
  type Indicator,
  type IndicatorName,
  type Level,
  type LevelName,
  levels,
  type Scorecard,
  type ScorecardOptions,
  scorecard,
  type Verdict,
} from "./scorecard.js"
export { QuantileSketch, type QuantileSketchOptions, type SketchJSON } from "./sketch.js"
export {
  type Ces,
  type CesOptions,
  type Csat,
  type CsatOptions,
  ces,
  csat,
  type Nps,
  type NpsOptions,
  nps,
} from "./statistics.js"
export type {
  AccumulatorJSON,
  AccumulatorOptions,
  Dimension,
  Durations,
  GroupKey,
  MeasureOptions,
  MetricsReport,
  MetricsResult,
  TallyJSON,
  TicketMeasure,
  TimeFigure,
} from "./types.js"
