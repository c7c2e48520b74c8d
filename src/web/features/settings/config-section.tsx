import { useState, type ChangeEvent } from 'react';
import { ErrorMessage } from '../../components/error-message.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import { useSubmit } from '../../lib/use-submit.js';
import { applyConfig, type ConfigApplyReport } from './settings.api.js';

/**
 * Configuration as code: download the workspace's configuration (health scorecards, segments,
 * teams, journey, hand-off rules, blueprints, playbooks, product flows) as YAML, paste or load an edited file, check it (a dry run that
 * lists each change) and apply it. The same document `boomerang config export|apply` uses.
 */
export function ConfigSection() {
  useDocumentTitle('Configuration as code');
  const [document, setDocument] = useState('');
  const [report, setReport] = useState<ConfigApplyReport | null>(null);
  const { submitting, error, submit } = useSubmit();

  const run = (dryRun: boolean) =>
    submit(async () => {
      setReport(null);
      setReport(await applyConfig({ document, dryRun }));
    });

  const load = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) {
      setDocument(await file.text());
      setReport(null);
    }
  };

  return (
    <section className="section--stack" aria-label="Configuration as code">
      <div className="toolbar">
        <h2>Configuration as code</h2>
        <a className="button" href="/api/config" download="boomerang-config.yaml">
          Download YAML
        </a>
      </div>
      <p className="hint">
        Keep the workspace’s health scorecards, segments, teams, journey, hand-off rules, service blueprints, playbooks and product flows in version
        control. The file names teams, segments and people by name and email. Items a section leaves out stay as they are unless it
        says <code>prune: true</code>. Edit the file, check what it would change, then apply it: all or nothing. From a terminal: <code>npx boomerang config export --workspace NAME</code> and{' '}
        <code>npx boomerang config apply FILE --workspace NAME --dry-run</code>.
      </p>
      <label className="field">
        <span className="field__label">Load a file</span>
        <input type="file" accept=".yaml,.yml,.json,application/yaml,application/json" onChange={load} />
      </label>
      <label className="field">
        <span className="field__label">Document</span>
        <textarea
          className="config-document"
          rows={16}
          spellCheck={false}
          value={document}
          onChange={(event) => {
            setDocument(event.target.value);
            setReport(null);
          }}
          placeholder={'boomerang: 1\nhealth:\n  bands:\n    green: 85\n    yellow: 70\n  …'}
        />
      </label>
      <div className="toolbar">
        <button type="button" className="button" disabled={!document.trim() || submitting} onClick={() => run(true)}>
          Check changes
        </button>
        <button type="button" className="button button--primary" disabled={!document.trim() || submitting} onClick={() => run(false)}>
          {submitting ? 'Working…' : 'Apply'}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {report ? <ApplyReport report={report} /> : null}
    </section>
  );
}

function ApplyReport({ report }: { report: ConfigApplyReport }) {
  const sections = Object.entries(report.sections);
  return (
    <div className="alert" role="status" data-testid="config-report">
      <p className="alert__text">
        {report.dryRun ? 'Checked: nothing was saved.' : 'Applied.'}{' '}
        {sections.every(([, section]) => section.outcome === 'unchanged') ? 'The document matches what is in force.' : null}
      </p>
      <ul className="alert__issues">
        {sections.map(([key, section]) => (
          <li key={key}>
            <strong>{key}</strong> {section.outcome === 'unchanged' ? 'unchanged' : report.dryRun ? 'would change' : 'changed'}
            {section.changes.length > 0 ? (
              <ul>
                {section.changes.map((line) => (
                  <li key={line}>
                    <code>{line}</code>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
