/**
 * Configuration as code: a workspace's scorecards, segments, teams, journey, hand-off rules,
 * service blueprints, playbooks and product flows exported as one YAML or JSON document and applied back, all or nothing, through
 * each module's own use case. `boomerang config export|apply` and `/api/config` use it.
 *
 * @example
 *   const text = await exportWorkspaceConfig(db, actor, { format: 'yaml', workspaceName });
 *   await applyWorkspaceConfig(db, actor, text, { dryRun: true });
 */
export { applyWorkspaceConfig, exportWorkspaceConfig, type ApplyReport, type SectionReport } from './workspace-config.js';
export { CONFIG_FORMATS, CONFIG_DOCUMENT_VERSION, type ConfigFormat } from './config-document.js';
export { CONFIG_SECTIONS } from './config-sections.js';
