import type { KeyboardEvent } from 'react';
import { formatTarget, type BlueprintView } from './blueprints.api.js';

/**
 * The blueprint drawn from the server's layout (blueprints/blueprint-layout.ts, the same
 * geometry as the SVG export): lanes, the three lines, connectors and a box per step. Each
 * step is a button: Tab reaches it, Enter or Space selects it; arrow keys move between steps.
 */
const momentsText = (n: number) => `${n} ${n === 1 ? 'moment' : 'moments'}`;

export function BlueprintDiagram({ view, selectedId, onSelect }: { view: BlueprintView; selectedId: string | null; onSelect(stepId: string): void }) {
  const { layout, blueprint } = view;
  const steps = new Map(blueprint.steps.map((step) => [step.id, step]));
  const counts = new Map(view.moments.map((m) => [m.stepId, m]));
  // Reading order for the arrow keys: by time, then top to bottom.
  const order = [...layout.steps].sort((a, b) => a.x - b.x || a.y - b.y).map((box) => box.stepId);

  function handleKey(event: KeyboardEvent<SVGGElement>, stepId: string) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(stepId);
      return;
    }
    const by = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!by) return;
    event.preventDefault();
    const next = order[order.indexOf(stepId) + by];
    if (next) document.querySelector<SVGGElement>(`[data-step-id="${next}"]`)?.focus();
  }

  return (
    <div className="blueprint-diagram" data-testid="blueprint-diagram">
      <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="group" aria-label={`Service blueprint: ${blueprint.name}`}>
        <defs>
          <marker id="blueprint-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0L10 5L0 10z" className="blueprint-diagram__arrow" />
          </marker>
        </defs>
        {layout.lanes.map((lane, index) => (
          <g key={lane.lane}>
            <rect x={lane.x} y={lane.y} width={lane.width} height={lane.height} className={index % 2 ? 'blueprint-diagram__lane' : 'blueprint-diagram__lane blueprint-diagram__lane--alt'} />
            <text x={12} y={lane.y + lane.height / 2 + 4} className="blueprint-diagram__lane-label">
              {lane.label}
            </text>
          </g>
        ))}
        {layout.lines.map((line) => (
          <g key={line.key}>
            <line x1={0} y1={line.y} x2={layout.width} y2={line.y} className="blueprint-diagram__line" />
            <text x={8} y={line.y + 12} className="blueprint-diagram__line-label">
              {line.label}
            </text>
          </g>
        ))}
        {layout.connectors.map((connector) => {
          const [[x1, y1], [x2, y2]] = connector.points as [[number, number], [number, number]];
          return (
            <line
              key={`${connector.from}-${connector.to}`}
              x1={x1}
              y1={y1}
              x2={x2}
              y2={y2}
              className={`blueprint-diagram__connector blueprint-diagram__connector--${connector.kind}`}
              markerEnd="url(#blueprint-arrow)"
            />
          );
        })}
        {layout.steps.map((box) => {
          const step = steps.get(box.stepId)!;
          const count = counts.get(step.id);
          const facts = [step.ownerTeam?.replace(/_/g, ' '), formatTarget(step.target)].filter(Boolean).join(' · ');
          const classes = ['blueprint-step', step.id === selectedId ? 'blueprint-step--selected' : '', count?.negative ? 'blueprint-step--negative' : ''].filter(Boolean).join(' ');
          return (
            <g
              key={step.id}
              className={classes}
              data-step-id={step.id}
              data-testid="blueprint-step"
              role="button"
              tabIndex={0}
              aria-pressed={step.id === selectedId}
              aria-label={`${step.title}${facts ? `, ${facts}` : ''}${count?.total ? `, ${momentsText(count.total)}, ${count.negative} negative` : ''}`}
              onClick={() => onSelect(step.id)}
              onKeyDown={(event) => handleKey(event, step.id)}
            >
              <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={6} className="blueprint-step__box" />
              <foreignObject x={box.x + 6} y={box.y + 4} width={box.width - 12} height={box.height - 8}>
                <div className="blueprint-step__body">
                  <span className="blueprint-step__title">{step.title}</span>
                  {facts ? <span className="blueprint-step__facts">{facts}</span> : null}
                  {count?.total ? (
                    <span className="blueprint-step__moments">
                      {momentsText(count.total)}{count.negative ? <strong> · {count.negative} negative</strong> : null}
                    </span>
                  ) : null}
                </div>
              </foreignObject>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
