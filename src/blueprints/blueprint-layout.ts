import { BLUEPRINT_LANES, BLUEPRINT_LINES, LANE_LABELS, type BlueprintLayout, type BlueprintStep } from './blueprints.schema.js';

/**
 * Geometry of a blueprint diagram, pure: lanes as horizontal bands top to bottom, one column
 * per moment in time, a box per step, the three lines between the bands, and connectors —
 * the customer's path left to right, and within a column each step to the one below it (who
 * supports whom). The web app draws it and the SVG export draws the same, so the two never
 * disagree. Units are SVG pixels.
 */
export const LAYOUT = {
  labelWidth: 136,
  columnWidth: 164,
  stepWidth: 148,
  laneHeight: 96,
  stepHeight: 72,
} as const;

type LayoutStep = Pick<BlueprintStep, 'id' | 'lane' | 'column'>;

export function layoutBlueprint(steps: readonly LayoutStep[]): BlueprintLayout {
  const { labelWidth, columnWidth, stepWidth, laneHeight, stepHeight } = LAYOUT;
  const columnCount = Math.max(1, ...steps.map((step) => step.column + 1));
  const laneIndex = (lane: LayoutStep['lane']) => BLUEPRINT_LANES.indexOf(lane);
  const boxes = new Map(
    steps.map((step) => [
      step.id,
      {
        stepId: step.id,
        x: labelWidth + step.column * columnWidth + (columnWidth - stepWidth) / 2,
        y: laneIndex(step.lane) * laneHeight + (laneHeight - stepHeight) / 2,
        width: stepWidth,
        height: stepHeight,
      },
    ]),
  );
  const box = (id: string) => boxes.get(id)!;

  const connectors: BlueprintLayout['connectors'] = [];
  const customerPath = steps.filter((step) => step.lane === 'customer').sort((a, b) => a.column - b.column);
  for (let i = 1; i < customerPath.length; i++) {
    const from = box(customerPath[i - 1]!.id);
    const to = box(customerPath[i]!.id);
    connectors.push({ from: from.stepId, to: to.stepId, kind: 'flow', points: [[from.x + from.width, from.y + from.height / 2], [to.x, to.y + to.height / 2]] });
  }
  for (let column = 0; column < columnCount; column++) {
    const stack = steps.filter((step) => step.column === column).sort((a, b) => laneIndex(a.lane) - laneIndex(b.lane));
    for (let i = 1; i < stack.length; i++) {
      const from = box(stack[i - 1]!.id);
      const to = box(stack[i]!.id);
      const x = from.x + from.width / 2;
      connectors.push({ from: from.stepId, to: to.stepId, kind: 'support', points: [[x, from.y + from.height], [x, to.y]] });
    }
  }

  const width = labelWidth + columnCount * columnWidth;
  return {
    width,
    height: BLUEPRINT_LANES.length * laneHeight,
    lanes: BLUEPRINT_LANES.map((lane, index) => ({ lane, label: LANE_LABELS[lane], x: 0, y: index * laneHeight, width, height: laneHeight })),
    lines: BLUEPRINT_LINES.map((line) => ({ key: line.key, label: line.label, y: (laneIndex(line.below) + 1) * laneHeight })),
    columns: Array.from({ length: columnCount }, (_, column) => ({ column, x: labelWidth + column * columnWidth })),
    steps: [...boxes.values()],
    connectors,
  };
}

/** Splits text into at most `maxLines` lines of at most `width` characters at spaces; the last line ends in "…" when cut. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    if (word.length > width) word = `${word.slice(0, width - 1)}…`;
    const joined = current ? `${current} ${word}` : word;
    if (joined.length <= width) {
      current = joined;
      continue;
    }
    lines.push(current);
    current = word;
    if (lines.length === maxLines) {
      const last = lines[maxLines - 1]!;
      lines[maxLines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
      return lines;
    }
  }
  if (current) lines.push(current);
  return lines;
}
