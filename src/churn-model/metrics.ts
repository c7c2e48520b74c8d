/**
 * Classification metrics for churn scores: `labels[i]` is 1 for the positive class (churned),
 * `scores[i]` a probability or any score that orders rows by risk. The health backtest uses
 * these too, so they take plain arrays and check their input.
 */
type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

function checkSameLength(labels: Labels, scores: Scores): void {
  if (labels.length !== scores.length) throw new RangeError(`${labels.length} labels but ${scores.length} scores`);
}

function countPositives(labels: Labels): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return positives;
}

/**
 * Area under the ROC curve by the rank-sum (Mann–Whitney) formula; tied scores get their
 * midrank, so a tie between a positive and a negative counts one half. NaN when one class is
 * absent. Example: rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75.
 */
export function rocAuc(labels: Labels, scores: Scores): number {
  checkSameLength(labels, scores);
  const n = labels.length;
  const positives = countPositives(labels);
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positiveRankSum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    const midrank = (start + 1 + end) / 2; // ranks start+1 … end, 1-based
    for (let k = start; k < end; k++) if (labels[order[k]!] === 1) positiveRankSum += midrank;
    start = end;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Area under the precision–recall curve as average precision (the step-wise sum of
 * precision × recall increase, as scikit-learn's `average_precision_score`); rows with tied
 * scores enter together. Example: prAuc([1, 0, 1], [0.9, 0.8, 0.7]) = (1 + 2/3) / 2.
 */
export function prAuc(labels: Labels, scores: Scores): number {
  checkSameLength(labels, scores);
  const positives = countPositives(labels);
  if (positives === 0) return NaN;
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let truePositives = 0;
  let seen = 0;
  let area = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let newPositives = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      newPositives += labels[order[end]!] === 1 ? 1 : 0;
      end++;
    }
    truePositives += newPositives;
    seen = end;
    area += (newPositives / positives) * (truePositives / seen);
    start = end;
  }
  return area;
}

/**
 * Mean negative log-likelihood of probabilities, clipped to [1e-15, 1 − 1e-15] so a confident
 * miss costs about 34.5 rather than infinity.
 */
export function logLoss(labels: Labels, probabilities: Scores): number {
  checkSameLength(labels, probabilities);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i]!));
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}

export type CalibrationBin = {
  /** Bin bounds on the predicted probability: [lower, upper), the last bin includes 1. */
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
};

/**
 * Reliability table: `bins` equal-width bins of predicted probability, each with the mean
 * prediction and the observed positive rate; empty bins are left out.
 */
export function calibrationBins(labels: Labels, probabilities: Scores, bins = 10): CalibrationBin[] {
  checkSameLength(labels, probabilities);
  const counts = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i]!;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    counts[bin]! += 1;
    predicted[bin]! += p;
    observed[bin]! += labels[i] === 1 ? 1 : 0;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (counts[b] === 0) continue;
    out.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count: counts[b]!,
      meanPredicted: predicted[b]! / counts[b]!,
      observedRate: observed[b]! / counts[b]!,
    });
  }
  return out;
}

/**
 * Lift in the riskiest `fraction` of rows (default the top decile): their positive rate
 * divided by the overall rate. The top ⌈fraction × n⌉ rows by score are taken; rows tied
 * with the last one taken count in proportion, so the figure does not depend on row order.
 */
export function topDecileLift(labels: Labels, scores: Scores, fraction = 0.1): number {
  checkSameLength(labels, scores);
  const n = labels.length;
  const positives = countPositives(labels);
  if (positives === 0 || n === 0) return NaN;
  const take = Math.ceil(fraction * n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let taken = 0;
  let caught = 0;
  for (let start = 0; start < n && taken < take;) {
    let end = start;
    let groupPositives = 0;
    while (end < n && scores[order[end]!] === scores[order[start]!]) {
      groupPositives += labels[order[end]!] === 1 ? 1 : 0;
      end++;
    }
    const share = Math.min(1, (take - taken) / (end - start));
    caught += groupPositives * share;
    taken += (end - start) * share;
    start = end;
  }
  return caught / take / (positives / n);
}
