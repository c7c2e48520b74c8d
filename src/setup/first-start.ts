import type { Kysely } from 'kysely';
import { checkPasswordPolicy, createUserInWorkspace, newSecret, resetPassword, systemActor } from '../auth/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { invalid } from '../core/errors.js';
import type { Database } from '../db/schema.js';
import { isInstallationEmpty } from '../workspaces/index.js';
import { createWorkspaceWithDefaults } from './create-workspace.js';

export type FirstStartOptions = {
  workspaceName: string;
  adminEmail: string;
  /** When unset, a password is generated and returned once. */
  adminPassword: string | undefined;
};

export type FirstStartResult =
  | { created: false }
  | { created: true; workspaceId: string; adminUserId: string; adminEmail: string; adminPassword: string; passwordWasGenerated: boolean };

/**
 * On an empty installation, creates the demo workspace and its admin. Does nothing on
 * later starts, except that BOOMERANG_ADMIN_PASSWORD, when set, resets the admin's
 * password (so a lost password is one restart away).
 */
export async function prepareFirstStart(db: Kysely<Database>, options: FirstStartOptions, clock: Clock = systemClock): Promise<FirstStartResult> {
  // Refused before anything is created, so the operator reads why at once rather than finding an admin they cannot use.
  const weakness = options.adminPassword === undefined ? undefined : checkPasswordPolicy(options.adminPassword, { email: options.adminEmail });
  if (weakness) {
    throw invalid(`BOOMERANG_ADMIN_PASSWORD ${weakness}. Choose another, or unset it to have one generated.`, [
      { path: 'BOOMERANG_ADMIN_PASSWORD', message: weakness },
    ]);
  }
  if (!(await isInstallationEmpty(db))) {
    if (options.adminPassword) {
      await resetPassword(db, options.adminEmail, options.adminPassword).catch(() => undefined);
    }
    return { created: false };
  }
  const adminPassword = options.adminPassword ?? newSecret(12);
  const workspace = await createWorkspaceWithDefaults(db, options.workspaceName, clock);
  const admin = await createUserInWorkspace(db, systemActor(workspace.id), {
    email: options.adminEmail,
    name: 'Admin',
    password: adminPassword,
    workspaceId: workspace.id,
    role: 'admin',
  });
  return {
    created: true,
    workspaceId: workspace.id,
    adminUserId: admin.id,
    adminEmail: options.adminEmail,
    adminPassword,
    passwordWasGenerated: options.adminPassword === undefined,
  };
}
