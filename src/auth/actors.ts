import type { Actor } from '../access/index.js';

/** Acts for the installation itself (CLI on the server's machine, first start). */
export function systemActor(workspaceId: string): Actor {
  return { workspaceId, role: 'admin', userId: null, tokenId: null, viaSession: false };
}

/** Acts for a job or rule of the system; the audit log shows it as automation with this name. */
export function automationActor(workspaceId: string, name: string): Actor {
  return { ...systemActor(workspaceId), automation: name };
}
