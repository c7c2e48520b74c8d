// Lint rule: no import cycle between modules (folders under src/; metrics/clv/ is its own).
//
// import-x's no-cycle follows files, so it misses a cycle between modules whose importing
// file is not reachable from its module's index.ts (say a cli command imports api/, and
// api/ imports cli/index.ts, which does not load that command). This rule works one level
// up: on the first file it builds the graph module → modules it imports, from the import
// specifiers of every production file under src/ (tests and testing/ helpers are leaves: no
// runtime code imports them), then reports an import of module B from module A when B
// already reaches A. Specifiers are read with a regular expression rather than parsed: the
// tree is prettier-formatted ES modules, and the graph is built once per lint run.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SOURCE_FILE = /\.(ts|tsx)$/;
const TEST_FILE = /(\.test\.tsx?$)|([/\\]testing[/\\])/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The module a path under src/ belongs to, or undefined outside src/. */
export function moduleOf(srcRoot, path) {
  const parts = relative(srcRoot, path).split(sep);
  if (parts.length < 2 || parts[0] === '..') return undefined;
  return parts[0] === 'metrics' && parts[1] === 'clv' && parts.length > 2 ? 'metrics/clv' : parts[0];
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return SOURCE_FILE.test(entry.name) ? [path] : [];
  });
}

const graphs = new Map();
function moduleGraph(srcRoot) {
  if (graphs.has(srcRoot)) return graphs.get(srcRoot);
  const graph = new Map();
  for (const file of listFiles(srcRoot)) {
    if (TEST_FILE.test(file)) continue;
    const from = moduleOf(srcRoot, file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const to = moduleOf(srcRoot, resolve(dirname(file), specifier));
      if (to && to !== from) graph.get(from).add(to);
    }
  }
  graphs.set(srcRoot, graph);
  return graph;
}

/** A path of modules from `start` to `goal` in the graph, or undefined. */
function findPath(graph, start, goal) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === goal) {
      const path = [];
      for (let node = goal; node !== undefined; node = previous.get(node)) path.unshift(node);
      return path;
    }
    for (const next of graph.get(current) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between the modules under src/' },
    schema: [],
    messages: { cycle: 'Import cycle between modules: {{cycle}}. Move what both need into a module both import.' },
  },
  create(context) {
    const filename = context.filename;
    const srcRoot = join(context.cwd, 'src');
    const self = moduleOf(srcRoot, filename);
    if (!self || TEST_FILE.test(filename)) return {};
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = moduleOf(srcRoot, resolve(dirname(filename), specifier));
      if (!target || target === self) return;
      const back = findPath(moduleGraph(srcRoot), target, self);
      if (back) context.report({ node: node.source, messageId: 'cycle', data: { cycle: [self, ...back].join(' → ') } });
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check, ImportExpression: check };
  },
};
