/** How much of a file the preview reads: enough for its first rows, never the whole upload. */
const PREVIEW_BYTES = 256 * 1024;

/** The Content-Type the import API streams, from the file name; undefined for anything else. */
export function fileContentType(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'application/x-ndjson';
  return undefined;
}

/** The head of the file cut at its last line break, so the preview never sees half a row. */
export async function previewSlice(file: File): Promise<Blob> {
  if (file.size <= PREVIEW_BYTES) return file;
  const head = await file.slice(0, PREVIEW_BYTES).text();
  const lastBreak = head.lastIndexOf('\n');
  return new Blob([lastBreak > 0 ? head.slice(0, lastBreak + 1) : head]);
}
