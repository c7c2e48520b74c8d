import type { Kysely } from 'kysely';
import { forbiddenUnlessLeader, type Actor } from '../access/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import diff from 'microdiff';
import { CONFIG_DOCUMENT_VERSION, formatConfigDocument, parseConfigDocument, type ConfigDocument, type ConfigFormat } from './config-document.js';
import { CONFIG_SECTIONS, type SectionOutcome } from './config-sections.js';

export type SectionReport = { outcome: SectionOutcome; changes: string[] };
export type ApplyReport = { dryRun: boolean; sections: Record<string, SectionReport> };

/** At most this many change lines per section: a person reads them, a diff tool reads the file. */
const MAX_CHANGE_LINES = 50;

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * What a save changed, one line per leaf, e.g. `health.bands.green: 75 → 70`.
 *
 * @example
 *   describeChanges('health', { bands: { green: 75 } }, { bands: { green: 70 } }); // ['health.bands.green: 75 → 70']
 */
export function describeChanges(key: string, before: unknown, after: unknown): string[] {
  const lines = diff(before as Record<string, unknown>, after as Record<string, unknown>).map((change) => {
    const path = [key, ...change.path]
      .map((part, index) => (typeof part === 'number' ? `[${part}]` : !index ? part : /^[A-Za-z_][\w-]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
      .join('');
    if (change.type === 'CREATE') return `${path}: added ${shown(change.value)}`;
    if (change.type === 'REMOVE') return `${path}: removed (was ${shown(change.oldValue)})`;
    return `${path}: ${shown(change.oldValue)} → ${shown(change.value)}`;
  });
  return lines.length > MAX_CHANGE_LINES ? [...lines.slice(0, MAX_CHANGE_LINES), `…and ${lines.length - MAX_CHANGE_LINES} more`] : lines;
}

function assertLeader(actor: Actor, what: string) {
  if (actor.role !== 'admin' && actor.role !== 'leader') forbiddenUnlessLeader(what);
}

/**
 * The workspace's configuration as one document, ready for version control.
 *
 * @example
 *   const yaml = await exportWorkspaceConfig(db, actor, { format: 'yaml', workspaceName: 'Acme CS', now });
 */
export async function exportWorkspaceConfig(
  db: Kysely<Database>,
  actor: Actor,
  options: { format: ConfigFormat; workspaceName?: string; clock?: Clock },
): Promise<string> {
  assertLeader(actor, 'export the workspace configuration');
  const document: ConfigDocument = { boomerang: CONFIG_DOCUMENT_VERSION };
  const clock = options.clock ?? systemClock;
  for (const section of CONFIG_SECTIONS) document[section.key] = await section.read(db, actor, clock);
  const exportedAt = clock.now().toISOString();
  const header = [
    `Boomerang configuration of ${options.workspaceName ? `"${options.workspaceName}"` : 'a workspace'}, exported ${exportedAt}.`,
    `Sections: ${CONFIG_SECTIONS.map((s) => `${s.key} (${s.describe})`).join(', ')}.`,
    'Teams, segments and people are named by name and email. Items missing from a section are left alone unless it says `prune: true`.',
    'Apply with: npx boomerang config apply <file> --workspace <name> [--dry-run]',
  ].join('\n');
  return formatConfigDocument(document, options.format, header);
}

/** Thrown to roll a dry run back after every section has been validated and written. */
class DryRunRollback extends Error {
  constructor(readonly report: ApplyReport) {
    super('dry run');
  }
}

/**
 * Applies a configuration document: every section it holds is validated and saved in one
 * transaction, so a file with one bad section changes nothing. Sections absent from the file
 * are left as they are. A dry run does all of it and rolls back, so it reports exactly what an
 * apply would change, and refuses exactly what an apply would refuse.
 *
 * @example
 *   await applyWorkspaceConfig(db, actor, fileText, { dryRun: true }); // { dryRun: true, sections: { health: 'changed' } }
 */
export async function applyWorkspaceConfig(
  db: Kysely<Database>,
  actor: Actor,
  text: string,
  options: { dryRun?: boolean; clock?: Clock; sourceName?: string } = {},
): Promise<ApplyReport> {
  assertLeader(actor, 'apply a workspace configuration');
  const source = options.sourceName ?? 'the configuration';
  const document = await naming(source, () =>
    parseConfigDocument(
      text,
      CONFIG_SECTIONS.map((section) => section.key),
    ),
  );
  const dryRun = options.dryRun ?? false;
  const clock = options.clock ?? systemClock;
  try {
    return await db.transaction().execute(async (trx) => {
      const present = CONFIG_SECTIONS.filter((section) => section.key in document);
      const before = new Map<string, unknown>();
      for (const section of present) before.set(section.key, await section.read(trx, actor, clock));
      const outcomes = new Map<string, SectionOutcome>();
      const note = (key: string, outcome: SectionOutcome) => outcomes.set(key, outcomes.get(key) === 'changed' ? 'changed' : outcome);
      // Creations and changes in order (what is named first), then deletions in reverse (what names others first).
      for (const section of present) note(section.key, await naming(source, () => section.apply(trx, actor, document[section.key], clock), section.key));
      for (const section of [...present].reverse()) {
        if (section.prune) note(section.key, await naming(source, () => section.prune!(trx, actor, document[section.key], clock), section.key));
      }
      const sections: Record<string, SectionReport> = {};
      for (const section of present) {
        const outcome = outcomes.get(section.key)!;
        const view = section.diffView ?? ((value: unknown) => value);
        const changes = outcome === 'changed' ? describeChanges(section.key, view(before.get(section.key)), view(await section.read(trx, actor, clock))) : [];
        sections[section.key] = { outcome, changes };
      }
      const report = { dryRun, sections };
      if (dryRun) throw new DryRunRollback(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}

/**
 * Names the file and the section in a refusal and each issue's path from the document's root, so
 * the person fixing it reads `scorecards.yaml: section "health": …` then `health.bands.green: …`.
 */
async function naming<T>(source: string, work: () => Promise<T> | T, sectionKey?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
    const issues = (error.issues ?? []).map((issue) => ({
      ...issue,
      path: sectionKey ? (issue.path ? `${sectionKey}.${issue.path}` : sectionKey) : issue.path,
    }));
    throw new AppError('validation_failed', `${source}: ${sectionKey ? `section "${sectionKey}": ` : ''}${error.message}`, { issues });
  }
}
