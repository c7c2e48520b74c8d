import { layoutBlueprint, wrapText } from './blueprint-layout.js';
import { BLUEPRINT_LANES, LANE_LABELS, type Blueprint, type BlueprintInput, type StepMomentCounts } from './blueprints.schema.js';

/**
 * Exports of a blueprint, pure. SVG is what a CS team drops into slides, a wiki or a review
 * deck (self-contained: no fonts or scripts to fetch); Mermaid is text that GitHub, GitLab,
 * Notion and Confluence render in Markdown; JSON is the blueprint as code — exactly the body
 * POST/PUT /api/blueprints accepts, without ids, so it moves between workspaces.
 */

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "2 h", "3 d", "45 min". */
export function formatTarget(target: Blueprint['steps'][number]['target']): string | null {
  if (!target) return null;
  return `${target.amount} ${{ minutes: 'min', hours: 'h', days: 'd' }[target.unit]}`;
}

export function blueprintToSvg(blueprint: Blueprint, moments: StepMomentCounts[] = []): string {
  const layout = layoutBlueprint(blueprint.steps);
  const titleHeight = 36;
  const byId = new Map(blueprint.steps.map((step) => [step.id, step]));
  const counts = new Map(moments.map((m) => [m.stepId, m]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height + titleHeight}" viewBox="0 0 ${layout.width} ${layout.height + titleHeight}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(blueprint.name)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#475569"/></marker></defs>',
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="bold" fill="#0f172a">${escapeXml(blueprint.name)}${blueprint.stageName ? ` — ${escapeXml(blueprint.stageName)}` : ''}</text>`,
    `<g transform="translate(0 ${titleHeight})">`,
  ];
  layout.lanes.forEach((lane, index) => {
    out.push(`<rect x="${lane.x}" y="${lane.y}" width="${lane.width}" height="${lane.height}" fill="${index % 2 ? '#f8fafc' : '#f1f5f9'}"/>`);
    out.push(`<text x="12" y="${lane.y + lane.height / 2 + 4}" font-size="12" font-weight="bold" fill="#334155">${escapeXml(lane.label)}</text>`);
  });
  for (const line of layout.lines) {
    out.push(`<line x1="0" y1="${line.y}" x2="${layout.width}" y2="${line.y}" stroke="#64748b" stroke-dasharray="6 4"/>`);
    out.push(`<text x="8" y="${line.y + 12}" font-size="10" fill="#64748b">${escapeXml(line.label)}</text>`);
  }
  for (const connector of layout.connectors) {
    const [[x1, y1], [x2, y2]] = connector.points as [[number, number], [number, number]];
    out.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#475569" ${connector.kind === 'support' ? 'stroke-dasharray="3 3" ' : ''}marker-end="url(#arrow)"/>`);
  }
  for (const box of layout.steps) {
    const step = byId.get(box.stepId)!;
    out.push(`<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6" fill="#ffffff" stroke="${(counts.get(step.id)?.negative ?? 0) > 0 ? '#dc2626' : '#94a3b8'}"/>`);
    wrapText(step.title, 24, 2).forEach((text, line) => {
      out.push(`<text x="${box.x + 8}" y="${box.y + 18 + line * 15}" font-size="12" fill="#0f172a">${escapeXml(text)}</text>`);
    });
    const count = counts.get(step.id);
    const seen = count?.total ? `${count.total} ${count.total === 1 ? 'moment' : 'moments'}, ${count.negative} negative` : null;
    const facts = [step.ownerTeam, formatTarget(step.target)].filter(Boolean).join(' · ');
    if (facts) out.push(`<text x="${box.x + 8}" y="${box.y + 50}" font-size="10" fill="#475569">${escapeXml(wrapText(facts, 30, 1)[0] ?? '')}</text>`);
    if (seen) out.push(`<text x="${box.x + 8}" y="${box.y + 64}" font-size="10" fill="${count!.negative ? '#dc2626' : '#475569'}">${seen}</text>`);
  }
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}

const mermaidLabel = (text: string) => `"${text.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ')}"`;

/** A Mermaid flowchart: one subgraph per lane holding steps, the customer's path as arrows, support links dotted. */
export function blueprintToMermaid(blueprint: Blueprint): string {
  const layout = layoutBlueprint(blueprint.steps);
  const node = new Map([...blueprint.steps].sort((a, b) => a.column - b.column || BLUEPRINT_LANES.indexOf(a.lane) - BLUEPRINT_LANES.indexOf(b.lane)).map((step, index) => [step.id, `s${index + 1}`]));
  const lines = ['flowchart TB', `  %% Service blueprint: ${blueprint.name.replace(/[\r\n]+/g, ' ')}`];
  for (const lane of BLUEPRINT_LANES) {
    const steps = blueprint.steps.filter((step) => step.lane === lane).sort((a, b) => a.column - b.column);
    if (steps.length === 0) continue;
    lines.push(`  subgraph ${lane}[${mermaidLabel(LANE_LABELS[lane])}]`, '    direction LR');
    for (const step of steps) {
      const facts = [step.ownerTeam, formatTarget(step.target)].filter(Boolean).join(' · ');
      lines.push(`    ${node.get(step.id)}[${mermaidLabel(facts ? `${step.title} (${facts})` : step.title)}]`);
    }
    lines.push('  end');
  }
  for (const connector of layout.connectors) lines.push(`  ${node.get(connector.from)} ${connector.kind === 'flow' ? '-->' : '-.->'} ${node.get(connector.to)}`);
  return `${lines.join('\n')}\n`;
}

/** The blueprint as code: the POST/PUT body, without ids, steps in lane then time order. */
export function blueprintToDocument(blueprint: Blueprint): BlueprintInput {
  const steps = [...blueprint.steps].sort((a, b) => BLUEPRINT_LANES.indexOf(a.lane) - BLUEPRINT_LANES.indexOf(b.lane) || a.column - b.column);
  return {
    name: blueprint.name,
    stageKey: blueprint.stageKey,
    description: blueprint.description,
    steps: steps.map(({ lane, column, title, detail, ownerTeam, target, momentKinds }) => ({ lane, column, title, detail, ownerTeam, target, momentKinds })),
  };
}
