import { z } from 'zod';
import type { FieldIssue } from '../../core/errors.js';
import { createPlaybook, deletePlaybook, listPlaybooks, playbookDefinitionSchema, updatePlaybook, type PlaybookDefinition, type SavePlaybookInput } from '../../playbooks/index.js';
import { listSegments } from '../../segments/index.js';
import { namedItemsSection, zodIssues } from '../named-items.js';
import { loadPeople, NOT_A_MEMBER, type People } from './people.js';

/**
 * A playbook in the file: its definition as the editor saves it, plus `enabled`, except that
 * it names segments by name (`segment:` for `segmentId:`) and people by email (`email:` for a
 * task owner's `userId:`, and the values of `ownerId` conditions). An id the workspace no
 * longer knows is written as it is.
 */
export const playbookItemSchema = z.looseObject({
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean().default(false),
});
type PlaybookItem = z.infer<typeof playbookItemSchema>;

export type PlaybookLookups = People & { segmentNameOf: Map<string, string>; segmentIdOf: Map<string, string> };

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Rewrites the references of a definition one way or the other. Pure; `issues` collects names
 * the workspace does not have, with their paths.
 */
function rewrite(value: Json, direction: 'toFile' | 'fromFile', lookups: PlaybookLookups, path: string, issues: FieldIssue[]): Json {
  if (Array.isArray(value)) return value.map((inner, index) => rewrite(inner, direction, lookups, `${path}.${index}`, issues));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  const ownerValue = (inner: Json, at: string): Json => {
    if (typeof inner !== 'string') return inner;
    if (direction === 'toFile') return lookups.emailOf.get(inner) ?? inner;
    if (!inner.includes('@')) return inner;
    const id = lookups.idOf.get(inner.toLowerCase());
    if (!id) issues.push({ path: at, message: `${NOT_A_MEMBER} (${inner})` });
    return id ?? inner;
  };
  for (const [key, inner] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (direction === 'toFile' && key === 'segmentId' && typeof inner === 'string' && lookups.segmentNameOf.has(inner)) out.segment = lookups.segmentNameOf.get(inner);
    else if (direction === 'toFile' && key === 'userId' && value.kind === 'user' && typeof inner === 'string' && lookups.emailOf.has(inner)) out.email = lookups.emailOf.get(inner);
    else if (direction === 'fromFile' && key === 'segment' && 'kind' in value && typeof inner === 'string') {
      const id = lookups.segmentIdOf.get(inner);
      if (!id) issues.push({ path: at, message: `no segment of this workspace is named "${inner}"` });
      out.segmentId = id ?? inner;
    } else if (direction === 'fromFile' && key === 'email' && value.kind === 'user' && typeof inner === 'string') {
      const id = lookups.idOf.get(inner.toLowerCase());
      if (!id) issues.push({ path: at, message: `${NOT_A_MEMBER} (${inner})` });
      out.userId = id ?? inner;
    } else if (key === 'value' && value.field === 'ownerId') out.value = Array.isArray(inner) ? inner.map((one, index) => ownerValue(one, `${at}.${index}`)) : ownerValue(inner, at);
    else out[key] = rewrite(inner, direction, lookups, at, issues);
  }
  return out;
}

/** A stored definition in the file's terms. Pure. */
export function playbookToFile(definition: PlaybookDefinition, enabled: boolean, lookups: PlaybookLookups): PlaybookItem {
  return { ...(rewrite(definition, 'toFile', lookups, '', []) as PlaybookItem), enabled };
}

/** A file's playbook as `createPlaybook` / `updatePlaybook` take it, or the issues (names unknown here, schema problems). Pure. */
export function preparePlaybook(item: PlaybookItem, lookups: PlaybookLookups) {
  const { enabled, ...definition } = item;
  const issues: FieldIssue[] = [];
  const resolved = rewrite(definition, 'fromFile', lookups, '', issues);
  if (issues.length) return { issues: issues.map((issue) => ({ ...issue, path: issue.path.replace(/^\./, '') })) };
  const parsed = playbookDefinitionSchema.safeParse(resolved);
  if (!parsed.success) return { issues: zodIssues(parsed.error, '') };
  const input: SavePlaybookInput = { definition: parsed.data, enabled };
  return { input, comparable: input };
}

/** Playbooks: applied after the segments, people and stages they name. */
export const playbooksSection = namedItemsSection<PlaybookItem, PlaybookLookups, SavePlaybookInput>({
  key: 'playbooks',
  describe: 'playbooks',
  noun: 'playbook',
  caseInsensitive: false,
  itemSchema: playbookItemSchema as unknown as z.ZodType<PlaybookItem>,
  lookups: async (db, actor) => {
    const segments = await listSegments(db, actor);
    return {
      ...(await loadPeople(db, actor)),
      segmentNameOf: new Map(segments.map((segment) => [segment.id, segment.name])),
      segmentIdOf: new Map(segments.map((segment) => [segment.name, segment.id])),
    };
  },
  list: async (db, actor, lookups) =>
    (await listPlaybooks(db, actor)).data.map((playbook) => ({ id: playbook.id, name: playbook.name, item: playbookToFile(playbook.definition, playbook.enabled, lookups) })),
  prepare: preparePlaybook,
  create: (trx, actor, input, clock) => createPlaybook(trx, actor, input, clock),
  update: (trx, actor, id, input, clock) => updatePlaybook(trx, actor, id, input, clock),
  remove: (trx, actor, id) => deletePlaybook(trx, actor, id),
});
