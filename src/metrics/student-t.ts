// Internal: the 0.975 quantile of Student's t distribution, for the CES interval.

/** The 0.975 quantile of the standard normal distribution (the large-df limit, and Newton's start). */
const Z = 1.959963984540054
const Z2 = Z * Z
// ── Student's t: the 0.975 quantile, through the regularized incomplete beta function ────────

// Numerical Recipes' coefficients, written as the doubles they round to.
const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-5,
  4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4, -2.1026444172410488e-4,
  2.1743961811521265e-4, -1.643181065367639e-4, 8.441822398385275e-5, -2.6190838401581408e-5,
  3.6899182659531625e-6,
]

/** ln Γ(x) for x > 0 (Lanczos, as in Numerical Recipes 3rd ed. §6.1; relative error < 1e-15). */
const lnGamma = (x: number): number => {
  let y = x
  const t = x + 5.2421875
  let series = 0.9999999999999971
  for (const c of LANCZOS) series += c / ++y
  return (x + 0.5) * Math.log(t) - t + Math.log((2.5066282746310007 * series) / x)
}

const TINY = 1e-300

/** The continued fraction of the incomplete beta function (modified Lentz, Numerical Recipes §6.4). */
const betaFraction = (a: number, b: number, x: number): number => {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < 1e-15) break
  }
  return h
}

/** I_x(a, b), given x and y = 1 − x separately so that neither loses digits near 1. */
const incompleteBeta = (a: number, b: number, x: number, y: number): number => {
  if (x <= 0) return 0
  if (y <= 0) return 1
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(y))
  // The fraction converges fast below (a + 1) / (a + b + 2); above it, use I_x(a, b) = 1 − I_y(b, a).
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, y)) / b
}

/** P(T > t) for t ≥ 0 and `df` degrees of freedom. */
const tUpperTail = (t: number, df: number): number => {
  const t2 = t * t
  return 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2))
}

const tDensity = (t: number, df: number): number =>
  Math.exp(
    lnGamma((df + 1) / 2) -
      lnGamma(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((t * t) / df),
  )

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom. From 1000 degrees of freedom
 * on, the Cornish–Fisher expansion in 1/df (Abramowitz & Stegun 26.7.5) is exact to double
 * precision (its first omitted term is below 1e-14) and saves the incomplete beta function's
 * slow convergence for large df. Below, Newton's method on the upper tail from the normal
 * quantile, which lies below the root: the tail is convex for t > 0, so every step lands between
 * the current point and the root and the iterates rise to it without overshooting (df = 1, the
 * slowest, takes about ten steps).
 */
export const tCritical95 = (df: number): number => {
  if (df >= 1000) return cornishFisher(df)
  let t = Z
  for (let i = 0; i < 200; i++) {
    const step = (tUpperTail(t, df) - 0.025) / tDensity(t, df)
    t += step
    if (step <= 1e-13 * t) break
  }
  return t
}

const cornishFisher = (df: number): number => {
  const z = Z
  const z2 = Z2
  const g1 = (z * (z2 + 1)) / 4
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}
