import type { Kysely } from 'kysely';
import { z } from 'zod';
import { automationActor, createApiToken, createInvitation, createUserInWorkspace, hasLogin, newSecret, ROLES, systemActor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { parseExchangeRatesCsv, putExchangeRates } from '../currencies/index.js';
import { loadDemoWorld } from '../demo/index.js';
import { backfillHealthHistory, recomputeHealth } from '../health/index.js';
import { DEFAULT_HORIZON_DAYS, runAndStoreBacktest } from '../health-model/index.js';
import { createSource } from '../ingest/index.js';
import { listJobs, retryJob } from '../jobs/index.js';
import { rebuildUsageRollups } from '../usage/index.js';
import { applyWorkspaceConfig, CONFIG_FORMATS, exportWorkspaceConfig, type ConfigFormat } from '../workspace-config/index.js';
import { createWorkspaceWithDefaults } from '../setup/index.js';
import { findWorkspaceByNameOrUndefined, getWorkspaceByNameOrThrow, listAllWorkspaces } from '../workspaces/index.js';

/**
 * Administrative commands the CLI runs either on its own database connection or, when a
 * server holds the embedded database, inside that server (see cli/database-access.ts and api/routes/control.routes.ts).
 * Each validates its arguments with zod so both paths refuse the same bad input.
 */
export const adminCommands = {
  'workspace.create': {
    args: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    run: async (db: Kysely<Database>, args: { name: string }, clock: Clock) => {
      const workspace = await createWorkspaceWithDefaults(db, args.name, clock);
      return { stdout: workspace.id, stderr: `Created workspace "${workspace.name}".` };
    },
  },
  'user.create': {
    args: z.strictObject({
      workspace: z.string().min(1),
      email: z.string().min(3),
      name: z.string().optional(),
      role: z.enum(ROLES),
      password: z.string().optional(),
    }),
    run: async (
      db: Kysely<Database>,
      args: { workspace: string; email: string; name?: string; role: (typeof ROLES)[number]; password?: string },
      clock: Clock,
    ) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const name = args.name ?? args.email.split('@')[0]!;
      if (await hasLogin(db, args.email)) {
        // The login may be someone's in another workspace: never touch its password or add it
        // unasked. Its owner accepts through this link after logging in (issue 9, finding 1).
        const { invitation, link } = await createInvitation(db, systemActor(workspace.id), { email: args.email, name, role: args.role }, {
          mailer: undefined,
          publicUrl: loadConfig().publicUrl,
          now: clock.now(),
        });
        return {
          stdout: link ?? '',
          stderr: `${invitation.email} already has a Boomerang login, which was left unchanged${args.password ? ' (--password ignored)' : ''}. Pass on this one-time link: they log in with their own password and accept to become ${invitation.role} in "${workspace.name}" (expires ${invitation.expiresAt.toISOString()}).`,
        };
      }
      const password = args.password ?? newSecret(12);
      const user = await createUserInWorkspace(db, systemActor(workspace.id), { email: args.email, name, password, workspaceId: workspace.id, role: args.role, clock });
      return { stdout: user.id, stderr: `${user.email} is ${user.role} in "${workspace.name}".${args.password ? '' : ` Password (shown once): ${password}`}` };
    },
  },
  'token.create': {
    args: z.strictObject({ workspace: z.string().min(1), role: z.enum(ROLES), name: z.string().optional() }),
    run: async (db: Kysely<Database>, args: { workspace: string; role: (typeof ROLES)[number]; name?: string }) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const { token } = await createApiToken(db, systemActor(workspace.id), {
        name: args.name ?? `cli ${args.role} token`,
        role: args.role,
      });
      return { stdout: token, stderr: '' };
    },
  },
  'source.create': {
    args: z.strictObject({ workspace: z.string().min(1), name: z.string().trim().min(1).max(100), server: z.boolean().optional() }),
    run: async (db: Kysely<Database>, args: { workspace: string; name: string; server?: boolean }) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const kind = args.server ? 'server' : 'browser';
      const { source, writeKey } = await createSource(db, systemActor(workspace.id), { name: args.name, kind });
      const trust =
        kind === 'server'
          ? 'Server-side: keep the key secret (never in a browser); its identify calls may create contacts.'
          : 'Browser: its calls attribute usage only and never create or change contacts (use --server for a backend).';
      return {
        stdout: writeKey,
        stderr: `Created source "${source.name}" (${source.id}) in "${workspace.name}". ${trust} Send events to /v1 with this write key as the HTTP Basic user name; it is shown only once.`,
      };
    },
  },
  'demo.load': {
    args: z.strictObject({
      workspace: z.string().min(1),
      accounts: z.number().int().min(1).max(200_000),
      months: z.number().int().min(1).max(60),
      seed: z.number().int(),
    }),
    run: async (db: Kysely<Database>, args: { workspace: string; accounts: number; months: number; seed: number }, clock: Clock) => {
      const workspace = (await findWorkspaceByNameOrUndefined(db, args.workspace)) ?? (await createWorkspaceWithDefaults(db, args.workspace, clock));
      const started = Date.now();
      const world = await loadDemoWorld(db, {
        workspaceId: workspace.id,
        accounts: args.accounts,
        months: args.months,
        seed: args.seed,
        progress: (message) => process.stderr.write(`${message}\n`),
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      return {
        stdout: workspace.id,
        stderr: `Loaded ${world.accounts.length} accounts, ${world.users.length} team members, ${world.counts.tickets} tickets and ${world.counts.events} product events into "${workspace.name}" in ${seconds} s.`,
      };
    },
  },
  'rollups.rebuild': {
    args: z.strictObject({ workspace: z.string().min(1).optional() }),
    run: async (db: Kysely<Database>, args: { workspace?: string }) => {
      const workspaces = args.workspace ? [await getWorkspaceByNameOrThrow(db, args.workspace)] : await listAllWorkspaces(db);
      const started = Date.now();
      let accounts = 0;
      let accountDays = 0;
      for (const workspace of workspaces) {
        let shownAt = 0;
        const result = await rebuildUsageRollups(db, {
          workspaceId: workspace.id,
          progress: (done) => {
            // At most a line a second: a 100,000-account workspace has 500 chunks.
            if (Date.now() - shownAt < 1000 && done.accounts < done.of) return;
            shownAt = Date.now();
            process.stderr.write(`${workspace.name}: ${done.accounts}/${done.of} accounts, ${done.accountDays} account-days\n`);
          },
        });
        accounts += result.accounts;
        accountDays += result.accountDays;
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      return {
        stdout: String(accountDays),
        stderr: `Rebuilt usage rollups of ${accounts} accounts (${accountDays} account-days) in ${workspaces.length} workspace(s) in ${seconds} s.`,
      };
    },
  },
  'rates.import': {
    args: z.strictObject({
      workspace: z.string().min(1),
      csv: z.string().max(5_000_000).describe('CSV text: currency,effective_date,rate'),
      source: z.enum(['imported', 'config']).optional(),
    }),
    run: async (db: Kysely<Database>, args: { workspace: string; csv: string; source?: 'imported' | 'config' }, clock: Clock) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const source = args.source ?? 'imported';
      const input = parseExchangeRatesCsv(args.csv);
      const result = await putExchangeRates(db, automationActor(workspace.id, `exchange rates ${source}`), input, clock.now(), source);
      const missing = result.contractCurrencies.filter((c) => !c.hasRate).map((c) => c.currency);
      return {
        stdout: JSON.stringify({ rates: input.rates.length, missingCurrencies: missing }),
        stderr: `Stored ${input.rates.length} exchange rate(s) to ${result.reportingCurrency} in "${workspace.name}".${missing.length ? ` Contracts in ${missing.join(', ')} still have no rate and stay out of sums.` : ''}`,
      };
    },
  },
  'health.recompute': {
    args: z.strictObject({
      workspace: z.string().min(1),
      backfill: z.boolean().optional(),
      weeks: z.number().int().min(1).max(260).optional(),
    }),
    run: async (db: Kysely<Database>, args: { workspace: string; backfill?: boolean; weeks?: number }, clock: Clock) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const started = Date.now();
      const now = clock.now();
      const today = now.toISOString().slice(0, 10);
      const weeks = args.weeks ?? 78;
      const result = args.backfill
        ? await backfillHealthHistory(db, {
            workspaceId: workspace.id,
            from: new Date(now.getTime() - weeks * 7 * 86_400_000).toISOString().slice(0, 10),
            to: today,
            stepDays: 7,
            now,
            progress: (line) => process.stderr.write(`${line}\n`),
          })
        : await recomputeHealth(db, { workspaceId: workspace.id, asOf: today, now });
      const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
      return {
        stdout: JSON.stringify({ ...result, seconds }),
        stderr: `Scored ${result.accounts} accounts of "${workspace.name}" on ${result.days} day(s) in ${seconds} s.`,
      };
    },
  },
  'health.backtest': {
    args: z.strictObject({
      workspace: z.string().min(1),
      asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD').refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), 'is not a calendar day').optional(),
      horizonDays: z.number().int().min(1).max(730).optional(),
    }),
    run: async (db: Kysely<Database>, args: { workspace: string; asOf?: string; horizonDays?: number }, clock: Clock) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const started = Date.now();
      const report = await runAndStoreBacktest(
        db,
        {
          workspaceId: workspace.id,
          asOf: args.asOf,
          horizonDays: args.horizonDays ?? DEFAULT_HORIZON_DAYS,
          progress: (line) => process.stderr.write(`${line}\n`),
        },
        clock,
      );
      const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
      return {
        // The last stdout line is the JSON outside checks read (DESIGN.md, stable names).
        stdout: JSON.stringify({ ...report, seconds }),
        stderr: `Backtest of "${workspace.name}" as of ${report.as_of}, ${report.horizon_days} days after: ${report.accounts} accounts, ${report.positives} lost; AUC scorecard ${report.auc_scorecard}, model ${report.auc_model} (${seconds} s).`,
      };
    },
  },
  'config.export': {
    args: z.strictObject({ workspace: z.string().min(1), format: z.enum(CONFIG_FORMATS).optional() }),
    run: async (db: Kysely<Database>, args: { workspace: string; format?: ConfigFormat }) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const text = await exportWorkspaceConfig(db, systemActor(workspace.id), { format: args.format ?? 'yaml', workspaceName: workspace.name });
      return { stdout: text.trimEnd(), stderr: '' };
    },
  },
  'config.apply': {
    args: z.strictObject({
      workspace: z.string().min(1),
      document: z.string().max(5_000_000),
      source: z.string().min(1).max(1000),
      dryRun: z.boolean().optional(),
    }),
    run: async (db: Kysely<Database>, args: { workspace: string; document: string; source: string; dryRun?: boolean }) => {
      const workspace = await getWorkspaceByNameOrThrow(db, args.workspace);
      const report = await applyWorkspaceConfig(db, automationActor(workspace.id, 'config apply'), args.document, {
        dryRun: args.dryRun ?? false,
        sourceName: args.source,
      });
      const verb = report.dryRun ? 'would change' : 'changed';
      const lines = Object.entries(report.sections).flatMap(([key, section]) =>
        section.outcome === 'unchanged' ? [`${key}: unchanged`] : [`${key}: ${verb}`, ...section.changes.map((line) => `  ${line}`)],
      );
      const summary = report.dryRun ? `Dry run of ${args.source} on "${workspace.name}": nothing was saved.` : `Applied ${args.source} to "${workspace.name}".`;
      return { stdout: JSON.stringify(report), stderr: [...lines, summary].join('\n') };
    },
  },
  'jobs.list': {
    args: z.strictObject({ failed: z.boolean().optional(), limit: z.number().int().min(1).max(10_000).optional() }),
    run: async (db: Kysely<Database>, args: { failed?: boolean; limit?: number }) => {
      const result = await listJobs(db, { kind: 'operator' }, { state: args.failed ? 'failed' : undefined, limit: args.limit ?? 100 });
      const lines = result.jobs.map(
        (job) => `${job.id}  ${job.state.padEnd(7)}  ${job.type}  run at ${job.runAt}  attempts ${job.attempts}/${job.maxAttempts}${job.lastError ? `  ${job.lastError}` : ''}`,
      );
      const counts = Object.entries(result.counts).map(([state, count]) => `${count} ${state}`).join(', ');
      // The last stdout line is the JSON outside checks read (DESIGN.md, stable names).
      return { stdout: JSON.stringify(result), stderr: [...lines, `Jobs: ${counts}.`].join('\n') };
    },
  },
  'jobs.retry': {
    args: z.strictObject({ id: z.string().min(1) }),
    run: async (db: Kysely<Database>, args: { id: string }) => {
      const job = await retryJob(db, { kind: 'operator' }, args.id);
      return { stdout: JSON.stringify({ job }), stderr: `Job ${job.id} (${job.type}) is queued again with ${job.maxAttempts} attempts.` };
    },
  },
} as const;

export type AdminCommandName = keyof typeof adminCommands;
export type CommandOutput = { stdout: string; stderr: string };

export const adminCommandNames = Object.keys(adminCommands) as AdminCommandName[];

/** Validates and runs one admin command; throws AppError-compatible errors on bad input. */
export async function runAdminCommand(
  db: Kysely<Database>,
  name: AdminCommandName,
  rawArgs: unknown,
  clock: Clock = systemClock,
): Promise<CommandOutput> {
  const command = adminCommands[name];
  const parsed = command.args.safeParse(rawArgs);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw invalid(`Invalid arguments: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  const args = parsed.data;
  return (command.run as (db: Kysely<Database>, args: unknown, clock: Clock) => Promise<CommandOutput>)(db, args, clock);
}
