import { downloadCsv } from './metrics-csv.js';

/** A chart card's "Export CSV": builds the file when clicked. */
export function ExportButton({ name, csv }: { name: string; csv: () => string }) {
  return (
    <button type="button" className="button button--small" onClick={() => downloadCsv(`${name}.csv`, csv())}>
      Export CSV
    </button>
  );
}
