import { Document, isScalar, LineCounter, parseDocument, visit, YAMLSeq } from 'yaml';
import { invalid } from '../core/errors.js';

/**
 * The text form of a workspace's configuration: one YAML (or JSON, which YAML reads too)
 * document with a format version and one key per section. Pure: no database.
 */
export const CONFIG_FORMATS = ['yaml', 'json'] as const;
export type ConfigFormat = (typeof CONFIG_FORMATS)[number];

/** Bumped only when a section's shape changes incompatibly; `apply` refuses other versions. */
export const CONFIG_DOCUMENT_VERSION = 1;

export type ConfigDocument = { boomerang: number } & Record<string, unknown>;

/**
 * @example
 *   formatConfigDocument({ boomerang: 1, health: {...} }, 'yaml', 'Exported from "Acme CS"');
 */
export function formatConfigDocument(document: ConfigDocument, format: ConfigFormat, header: string): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  const comment = header
    .split('\n')
    .map((line) => `# ${line}`)
    .join('\n');
  const yaml = new Document(document);
  // Lists of plain values (a curve's [days, points] pairs, a list of stages) read best on one line.
  visit(yaml, {
    Seq(_key, node: YAMLSeq) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return `${comment}\n${yaml.toString({ lineWidth: 0 })}`;
}

/**
 * Reads a configuration document, refusing what a person would want to hear about rather than
 * have silently guessed: syntax errors (with line and column), repeated keys, a missing or
 * unknown format version, and sections this version does not know.
 *
 * @example
 *   parseConfigDocument('boomerang: 1\nhealth:\n  bands: ...', ['health']);
 */
export function parseConfigDocument(text: string, knownSections: readonly string[]): ConfigDocument {
  const lines = new LineCounter();
  const parsed = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  if (parsed.errors.length > 0) {
    throw invalid(
      'The configuration file cannot be read',
      parsed.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        return { path: `line ${at.line}, column ${at.col}`, message: error.message.split('\n')[0]! };
      }),
    );
  }
  const value: unknown = parsed.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('The configuration file must be a mapping with a `boomerang` version and one key per section');
  }
  const document = value as Record<string, unknown>;
  if (document.boomerang !== CONFIG_DOCUMENT_VERSION) {
    throw invalid(`The configuration file must start with \`boomerang: ${CONFIG_DOCUMENT_VERSION}\` (the format version)`, [
      { path: 'boomerang', message: document.boomerang === undefined ? 'missing' : `unknown version ${JSON.stringify(document.boomerang)}` },
    ]);
  }
  const unknown = Object.keys(document).filter((key) => key !== 'boomerang' && !knownSections.includes(key));
  if (unknown.length > 0) {
    throw invalid(
      `Unknown configuration section${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${knownSections.join(', ')})`,
      unknown.map((key) => ({ path: key, message: 'unknown section' })),
    );
  }
  return document as ConfigDocument;
}
