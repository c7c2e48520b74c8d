import type { Kysely } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Database } from '../db/schema.js';
import { blueprintToDocument, blueprintToMermaid, blueprintToSvg } from './blueprint-export.js';
import type { EXPORT_FORMATS } from './blueprints.schema.js';
import { countBlueprintMoments, getBlueprintOrThrow } from './blueprints.js';

export type BlueprintExport = { contentType: string; filename: string; body: string };

/**
 * A blueprint as a file: SVG (the diagram, with moments per step), Mermaid or JSON (the
 * blueprint as code). Everyone in the workspace may export.
 *
 * @example
 *   const { contentType, filename, body } = await exportBlueprint(db, actor, id, 'svg');
 */
export async function exportBlueprint(db: Kysely<Database>, actor: Actor, id: string, format: (typeof EXPORT_FORMATS)[number]): Promise<BlueprintExport> {
  const blueprint = await getBlueprintOrThrow(db, actor, id);
  const base = blueprint.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'blueprint';
  if (format === 'svg') return { contentType: 'image/svg+xml; charset=utf-8', filename: `${base}.svg`, body: blueprintToSvg(blueprint, await countBlueprintMoments(db, actor, blueprint)) };
  if (format === 'mermaid') return { contentType: 'text/plain; charset=utf-8', filename: `${base}.mmd`, body: blueprintToMermaid(blueprint) };
  return { contentType: 'application/json; charset=utf-8', filename: `${base}.json`, body: `${JSON.stringify(blueprintToDocument(blueprint), null, 2)}\n` };
}
