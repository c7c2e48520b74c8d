import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import { AppError, invalid, type FieldIssue } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import type { ConfigSection } from './config-sections.js';

type Conn = Kysely<Database>;

/**
 * Comparable text of a value: object keys sorted, and `null` treated as absent (an exported
 * `description: null` and a file that leaves it out say the same thing).
 */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner)
            .filter(([, entry]) => entry !== null && entry !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );
}

/** Zod's issues as the refusal's field issues, under `prefix` (`items.3`). */
export function zodIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message }));
}

/** A refusal raised while saving one item, re-addressed to that item: `items.3.rules…` and `segment "Red health": …`. */
function underItem(error: unknown, label: string, path: string): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation_failed') return error;
  const issues = (error.issues ?? []).map((issue) => ({ ...issue, path: issue.path ? `${path}.${issue.path}` : path }));
  return invalid(`${label}: ${error.message}`, issues.length ? issues : [{ path, message: error.message }]);
}

/** One item in force: its id and its file form. */
export type CurrentItem<FileItem> = { id: string; name: string; item: FileItem };

/**
 * A section that is a list of named things (segments, teams, hand-off rules, blueprints, playbooks, flows).
 * `prepare` turns a file item (names of teams, segments and people) into what the module's
 * save function takes (ids) plus a `comparable` form; an item whose comparable form equals the
 * one in force is not saved again, so export → apply changes nothing.
 */
export type NamedItemsSpec<FileItem extends { name: string }, Lookups, Input> = {
  key: string;
  describe: string;
  /** What one item is called in messages: `segment "Red health"`. */
  noun: string;
  /** The module compares names without case (teams, hand-off rules, blueprints, flows). */
  caseInsensitive: boolean;
  itemSchema: z.ZodType<FileItem>;
  lookups(db: Conn, actor: Actor, clock: Clock): Promise<Lookups>;
  list(db: Conn, actor: Actor, lookups: Lookups, clock: Clock): Promise<CurrentItem<FileItem>[]>;
  /** Pure: resolves names to ids, or returns the issues (paths relative to the item). */
  prepare(item: FileItem, lookups: Lookups): { input: Input; comparable: unknown } | { issues: FieldIssue[] };
  create(trx: Conn, actor: Actor, input: Input, clock: Clock): Promise<unknown>;
  update(trx: Conn, actor: Actor, id: string, input: Input, clock: Clock): Promise<unknown>;
  remove(trx: Conn, actor: Actor, id: string, clock: Clock): Promise<unknown>;
};

/** Parses the section's `{ prune, items }`, refusing repeated names; paths relative to the section. */
function parseSection<FileItem extends { name: string }>(spec: NamedItemsSpec<FileItem, unknown, unknown>, value: unknown) {
  const schema = z.strictObject({
    prune: z.boolean().default(false).describe('true: what is in force but not in the file is deleted'),
    items: z.array(spec.itemSchema).max(500),
  });
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`The ${spec.describe} are not valid`, zodIssues(parsed.error, ''));
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  parsed.data.items.forEach((item, index) => {
    const name = spec.caseInsensitive ? item.name.toLowerCase() : item.name;
    const first = seen.get(name);
    if (first !== undefined) issues.push({ path: `items.${index}.name`, message: `"${item.name}" is named twice (also items.${first})` });
    else seen.set(name, index);
  });
  if (issues.length) throw invalid(`Each ${spec.noun} may appear once`, issues);
  return parsed.data as { prune: boolean; items: FileItem[] };
}

const sameName = (caseInsensitive: boolean) => (a: string, b: string) => (caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b);

/**
 * Builds the section: `read` lists what is in force (`prune: false` written so people see the
 * option), `apply` creates and updates item by item through the module, `prune` deletes what the
 * file leaves out when it says `prune: true` (run after every section's apply, in reverse order,
 * so hand-off rules go before the teams they name).
 */
export function namedItemsSection<FileItem extends { name: string }, Lookups, Input>(spec: NamedItemsSpec<FileItem, Lookups, Input>): ConfigSection {
  const generic = spec as unknown as NamedItemsSpec<FileItem, unknown, unknown>;
  const same = sameName(spec.caseInsensitive);
  return {
    key: spec.key,
    describe: spec.describe,
    read: async (db, actor, clock) => {
      const lookups = await spec.lookups(db, actor, clock);
      return { prune: false, items: (await spec.list(db, actor, lookups, clock)).map((current) => current.item) };
    },
    apply: async (trx, actor, value, clock) => {
      const { items } = parseSection(generic, value);
      const lookups = await spec.lookups(trx, actor, clock);
      const current = await spec.list(trx, actor, lookups, clock);
      const prepared = items.map((item, index) => ({ item, index, result: spec.prepare(item, lookups) }));
      const issues = prepared.flatMap(({ index, result }) =>
        'issues' in result ? result.issues.map((issue) => ({ ...issue, path: issue.path ? `items.${index}.${issue.path}` : `items.${index}` })) : [],
      );
      if (issues.length) throw invalid(`The ${spec.describe} name what this workspace does not have`, issues);
      let changed = false;
      for (const { item, index, result } of prepared) {
        if ('issues' in result) continue;
        const existing = current.find((candidate) => same(candidate.name, item.name));
        const inForce = existing ? spec.prepare(existing.item, lookups) : undefined;
        if (inForce && 'comparable' in inForce && canonical(inForce.comparable) === canonical(result.comparable)) continue;
        try {
          if (existing) await spec.update(trx, actor, existing.id, result.input, clock);
          else await spec.create(trx, actor, result.input, clock);
        } catch (error) {
          throw underItem(error, `${spec.noun} "${item.name}"`, `items.${index}`);
        }
        changed = true;
      }
      return changed ? 'changed' : 'unchanged';
    },
    prune: async (trx, actor, value, clock) => {
      const { prune, items } = parseSection(generic, value);
      if (!prune) return 'unchanged';
      const lookups = await spec.lookups(trx, actor, clock);
      const leftOut = (await spec.list(trx, actor, lookups, clock)).filter((current) => !items.some((item) => same(item.name, current.name)));
      for (const current of leftOut) await spec.remove(trx, actor, current.id, clock);
      return leftOut.length ? 'changed' : 'unchanged';
    },
    diffView: (value) => {
      const items = (value as { items?: FileItem[] } | undefined)?.items ?? [];
      return Object.fromEntries(items.map(({ name, ...rest }) => [name, rest]));
    },
  };
}
