import numeric from 'numeric';
import { frequentLevels, medianOf, rowSlots, specOf, type FeatureSpec } from './encoding.js';
import type { FeatureColumn } from './table.js';

/**
 * One input of the linear model, standardised with the training rows' mean and standard
 * deviation: a numeric value (blanks filled with the training median), a "was blank"
 * indicator, or a one-hot slot of a categorical column (a kept level, "other", or blank).
 */
export type LogisticTerm = {
  /** Index into the model's `features`. */
  feature: number;
  term: 'value' | 'blank' | 'level' | 'other';
  level?: string;
  /** Median used for blanks (`value` terms only). */
  fill?: number;
  center: number;
  scale: number;
  weight: number;
};

export type LogisticModel = {
  kind: 'logistic';
  features: FeatureSpec[];
  /** Kept levels per categorical feature (by feature index); others share the "other" term. */
  levels: Record<number, string[]>;
  terms: LogisticTerm[];
  intercept: number;
  /** Inverse L2 strength on standardised inputs: loss = Σ log-loss + ‖w‖² / (2C). */
  C: number;
};

export type LogisticParams = {
  C: number;
  /** Levels seen fewer times in training share the "other" term. */
  minLevelCount?: number;
  maxLevels?: number;
};

type TermDraft = Omit<LogisticTerm, 'center' | 'scale' | 'weight'>;

function draftTerms(features: readonly FeatureColumn[], rows: readonly number[], params: LogisticParams) {
  const levels: Record<number, string[]> = {};
  const drafts: TermDraft[] = [];
  features.forEach((column, feature) => {
    if (column.kind === 'numeric') {
      const fill = medianOf(column.values, rows);
      drafts.push({ feature, term: 'value', fill });
      if (rows.some((row) => Number.isNaN(column.values[row]!))) drafts.push({ feature, term: 'blank' });
      return;
    }
    const kept = frequentLevels(column, rows, params.minLevelCount ?? 5, params.maxLevels ?? 30);
    levels[feature] = kept;
    drafts.push({ feature, term: 'blank' }, ...kept.map((level) => ({ feature, term: 'level' as const, level })));
    drafts.push({ feature, term: 'other' });
  });
  return { levels, drafts };
}

/** Raw (unstandardised) term values, row-major: rows × terms. */
function rawDesign(
  features: readonly FeatureColumn[],
  levels: Record<number, string[]>,
  drafts: readonly TermDraft[],
  rows: readonly number[],
): Float64Array {
  const p = drafts.length;
  const out = new Float64Array(rows.length * p);
  const slots = new Map<number, Uint16Array>();
  for (const [feature, kept] of Object.entries(levels)) {
    const column = features[Number(feature)]!;
    if (column.kind === 'categorical') slots.set(Number(feature), rowSlots(column, kept));
  }
  drafts.forEach((draft, j) => {
    const column = features[draft.feature]!;
    if (column.kind === 'numeric') {
      rows.forEach((row, i) => {
        const value = column.values[row]!;
        out[i * p + j] =
          draft.term === 'blank' ? (Number.isNaN(value) ? 1 : 0) : Number.isNaN(value) ? draft.fill! : value;
      });
      return;
    }
    const rowSlot = slots.get(draft.feature)!;
    const kept = levels[draft.feature]!;
    const slot = draft.term === 'blank' ? 0 : draft.term === 'other' ? kept.length + 1 : kept.indexOf(draft.level!) + 1;
    rows.forEach((row, i) => {
      out[i * p + j] = rowSlot[row] === slot ? 1 : 0;
    });
  });
  return out;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const log1pExp = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/**
 * Fits L2-regularised logistic regression on `rows` of the table. Terms that do not vary in
 * the training rows are left out; the rest are standardised on the training rows only.
 *
 * Optimiser: Newton's method (IRLS) with step halving, solving each Newton system with
 * numeric.js's `solve` (LU). The objective is smooth and strictly convex, so Newton reaches
 * machine precision in about ten steps of one p × p solve each; BFGS (numeric's `uncmin`) would
 * need hundreds of gradient passes over the data for the same precision.
 */
export function fitLogistic(
  features: readonly FeatureColumn[],
  labels: Uint8Array,
  rows: readonly number[],
  params: LogisticParams,
): LogisticModel {
  const { levels, drafts: allDrafts } = draftTerms(features, rows, params);
  const allRaw = rawDesign(features, levels, allDrafts, rows);
  const n = rows.length;
  const pAll = allDrafts.length;
  const center = new Float64Array(pAll);
  const scale = new Float64Array(pAll);
  for (let j = 0; j < pAll; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += allRaw[i * pAll + j]!;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (allRaw[i * pAll + j]! - mean) ** 2;
    center[j] = mean;
    scale[j] = Math.sqrt(squares / n);
  }
  const keep = allDrafts.map((_, j) => j).filter((j) => scale[j]! > 1e-12);
  const p = keep.length;
  // Standardised design with a leading column of ones for the (unpenalised) intercept.
  const width = p + 1;
  const x = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    x[i * width] = 1;
    keep.forEach((j, k) => {
      x[i * width + k + 1] = (allRaw[i * pAll + j]! - center[j]!) / scale[j]!;
    });
  }
  const y = rows.map((row) => labels[row]!);
  const penalty = 1 / params.C;

  const objective = (beta: Float64Array) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let k = 0; k < width; k++) z += x[i * width + k]! * beta[k]!;
      total += log1pExp(z) - y[i]! * z;
    }
    for (let k = 1; k < width; k++) total += (penalty * beta[k]! ** 2) / 2;
    return total;
  };

  let beta = new Float64Array(width);
  const positives = y.reduce((sum, label) => sum + label, 0);
  beta[0] = Math.log((positives + 0.5) / (n - positives + 0.5));
  let current = objective(beta);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = new Float64Array(width);
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let k = 0; k < width; k++) z += x[i * width + k]! * beta[k]!;
      const prob = sigmoid(z);
      const residual = prob - y[i]!;
      const weight = prob * (1 - prob);
      for (let a = 0; a < width; a++) {
        const xa = x[i * width + a]!;
        if (xa === 0) continue;
        gradient[a]! += residual * xa;
        const row = hessian[a]!;
        const wxa = weight * xa;
        for (let b = a; b < width; b++) row[b]! += wxa * x[i * width + b]!;
      }
    }
    for (let a = 0; a < width; a++) {
      if (a > 0) {
        gradient[a]! += penalty * beta[a]!;
        hessian[a]![a]! += penalty;
      }
      for (let b = 0; b < a; b++) hessian[a]![b] = hessian[b]![a]!;
    }
    // A tiny ridge keeps the system solvable when the intercept alone separates nothing.
    hessian[0]![0]! += 1e-10;
    const step = numeric.solve(hessian, Array.from(gradient));
    let size = 1;
    let next = beta;
    let nextValue = current;
    for (let halving = 0; halving < 30; halving++) {
      next = beta.map((value, k) => value - size * step[k]!);
      nextValue = objective(next);
      if (nextValue <= current) break;
      size /= 2;
    }
    const converged = current - nextValue < 1e-10 * (1 + Math.abs(current));
    beta = next;
    current = nextValue;
    if (converged) break;
  }

  const terms: LogisticTerm[] = keep.map((j, k) => ({
    ...allDrafts[j]!,
    center: center[j]!,
    scale: scale[j]!,
    weight: beta[k + 1]!,
  }));
  return { kind: 'logistic', features: features.map(specOf), levels, terms, intercept: beta[0]!, C: params.C };
}

/**
 * Per-row, per-feature contributions to the log-odds: a term adds weight × standardised value,
 * and a feature's contribution is the sum over its terms. For a linear model on independent
 * inputs these are exact Shapley values with the training mean as reference; the model's
 * expected value is the intercept, and intercept + Σ contributions = the row's log-odds.
 */
export function logisticContributions(
  model: LogisticModel,
  features: readonly FeatureColumn[],
  rows: readonly number[],
): Float64Array[] {
  const raw = rawDesign(features, model.levels, model.terms, rows);
  const p = model.terms.length;
  return rows.map((_, i) => {
    const out = new Float64Array(model.features.length);
    model.terms.forEach((term, j) => {
      out[term.feature]! += (term.weight * (raw[i * p + j]! - term.center)) / term.scale;
    });
    return out;
  });
}

/** Log-odds of the positive class for `rows` (columns in the model's feature order). */
export function logisticMargins(
  model: LogisticModel,
  features: readonly FeatureColumn[],
  rows: readonly number[],
): Float64Array {
  const raw = rawDesign(features, model.levels, model.terms, rows);
  const p = model.terms.length;
  return Float64Array.from(rows, (_, i) => {
    let z = model.intercept;
    model.terms.forEach((term, j) => {
      z += (term.weight * (raw[i * p + j]! - term.center)) / term.scale;
    });
    return z;
  });
}

export { sigmoid };
