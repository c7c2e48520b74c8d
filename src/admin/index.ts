/**
 * Administrative commands (workspaces, users, tokens, sources, demo data, rollups, jobs).
 * The CLI runs them on its own connection; the server runs them for the CLI through
 * `/api/internal/cli` when it holds the embedded database. A module of its own so that
 * both api/ and cli/ import it and neither imports the other's internals.
 */
export { adminCommandNames, adminCommands, runAdminCommand, type AdminCommandName, type CommandOutput } from './admin-commands.js';
