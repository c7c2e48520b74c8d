/**
 * Service blueprints (issue 13 item 4): per journey stage (or a process across stages), the
 * steps of the service in lanes — physical evidence, customer actions, front stage, back
 * stage, support processes, technology — ordered in time, each with its owner team and target
 * time; moments of truth are linked to the step they happened at by the kinds a step lists.
 * Leaders and admins edit; everyone reads and exports (SVG, Mermaid, JSON as code).
 *
 * @example
 *   const view = await createBlueprint(db, actor, { name: 'Onboarding', stageKey: 'adoption', description: '', steps }, now);
 *   const { body } = await exportBlueprint(db, actor, view.blueprint.id, 'mermaid');
 */
export { listBlueprints, getBlueprintOrThrow, getBlueprintView, listBlueprintMoments, createBlueprint, updateBlueprint, deleteBlueprint } from './blueprints.js';
export { exportBlueprint, type BlueprintExport } from './export-blueprint.js';
export { blueprintToDocument } from './blueprint-export.js';
export { layoutBlueprint } from './blueprint-layout.js';
export { loadDemoBlueprints, DEMO_BLUEPRINTS } from './demo-blueprints.js';
export * from './blueprints.schema.js';
