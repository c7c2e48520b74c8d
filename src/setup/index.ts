export { prepareFirstStart, type FirstStartOptions, type FirstStartResult } from './first-start.js';
export { createWorkspaceWithDefaults } from './create-workspace.js';
