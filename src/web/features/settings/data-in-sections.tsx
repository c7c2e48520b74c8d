import { HelpDeskSection } from '../data/help-desk-section.js';
import { SourcesSection } from '../data/sources-section.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';

/** The Data page's sources, in Settings too: setting up where events come from is an admin's job. */
export function SettingsSources() {
  useDocumentTitle('Sources');
  return <SourcesSection />;
}

/** The Data page's help-desk webhooks, in Settings too. */
export function SettingsHelpDesks() {
  useDocumentTitle('Help desks');
  return <HelpDeskSection />;
}
