// How many runs a property test makes: its usual count, times PROPERTY_RUNS_SCALE (default 1).
// `npm test` runs the usual counts; `npm run test:slow` runs ten times as many. A failure prints
// fast-check's seed and path; FC_SEED=<seed> replays that run (see ./properties.ts).

const scaleOf = (raw: string | undefined): number => {
  if (raw === undefined || raw === "") return 1
  const scale = Number(raw)
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`PROPERTY_RUNS_SCALE must be a positive number, got ${JSON.stringify(raw)}`)
  return scale
}

/** The factor on every property's run count, from PROPERTY_RUNS_SCALE. */
export const PROPERTY_RUNS_SCALE: number = scaleOf(process.env.PROPERTY_RUNS_SCALE)

/** `usual` runs scaled by PROPERTY_RUNS_SCALE, at least one. */
export const runs = (usual: number): number => Math.max(1, Math.round(usual * PROPERTY_RUNS_SCALE))
