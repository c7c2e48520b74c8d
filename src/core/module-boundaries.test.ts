// The module rules of ARCHITECTURE.md ("Rules") are lint rules (eslint.config.js,
// eslint-plugin-import-x). These examples run ESLint's Node API on small sources placed
// at paths inside src/, so they show what `npm run lint` refuses and what it lets through.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

const repoRoot = new URL('../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: repoRoot });

/** The boundary findings (rule and message) ESLint reports for `code` as if it were the file at `filePath`. */
async function boundaryFindings(filePath: string, code: string): Promise<{ rule: string; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${filePath}` });
  return result!.messages
    .filter((m) => ['import-x/no-restricted-paths', 'import-x/no-cycle', 'boundaries/no-module-cycle'].includes(m.ruleId!))
    .map((m) => ({ rule: m.ruleId!, message: m.message }));
}

describe('module boundaries (npm run lint)', () => {
  test('a deep import into another module is an error naming the module and its index.ts', async () => {
    const findings = await boundaryFindings(
      'src/notes/boundary-example.ts',
      "import { canWriteAccount } from '../access/permissions.js';\nexport const rule = canWriteAccount;\n",
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.rule, 'import-x/no-restricted-paths');
    assert.match(findings[0]!.message, /Import access\/ through its index\.ts/);
  });

  test('the same import through the module’s index.ts passes', async () => {
    const findings = await boundaryFindings(
      'src/notes/boundary-example.ts',
      "import { canWriteAccount } from '../access/index.js';\nexport const rule = canWriteAccount;\n",
    );
    assert.deepEqual(findings, []);
  });

  test('a deep import from a nested folder is the same import: refused too', async () => {
    const findings = await boundaryFindings(
      'src/api/routes/boundary-example.ts',
      "import { hashPassword } from '../../auth/passwords.js';\nexport const hash = hashPassword;\n",
    );
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.match(findings[0]!.message, /"\.\.\/\.\.\/auth\/passwords\.js".*Import auth\/ through its index\.ts/);
  });

  test('a test may use another module’s testing/ helpers but not its internals; production code may use neither', async () => {
    const imports =
      "import { zendeskEvent } from '../support/testing/zendesk-event.js';\nimport { normalizeTicketPayload } from '../support/normalize-ticket-payload.js';\nexport const used = [zendeskEvent, normalizeTicketPayload];\n";
    const inTest = await boundaryFindings('src/notes/boundary-example.test.ts', imports);
    assert.deepEqual(
      inTest.map((f) => f.message.match(/"([^"]+)"/)![1]),
      ['../support/normalize-ticket-payload.js'],
    );
    const inProduction = await boundaryFindings('src/notes/boundary-example.ts', imports);
    assert.equal(inProduction.length, 2);
  });

  test('core/ and db/ import no domain module, not even through its index.ts', async () => {
    const findings = await boundaryFindings(
      'src/db/boundary-example.ts',
      "import { listAccounts } from '../accounts/index.js';\nexport const list = listAccounts;\n",
    );
    // accounts/ imports db/, so this is a cycle as well; the kernel rule names the actual mistake.
    assert.deepEqual(findings.map((f) => f.rule).sort(), ['boundaries/no-module-cycle', 'import-x/no-restricted-paths']);
    assert.match(findings.find((f) => f.rule === 'import-x/no-restricted-paths')!.message, /core\/ and db\/ import no domain module/);
  });

  test('an import cycle between modules is an error: access/ importing auth/, which imports access/', async () => {
    const accessIndex = readFileSync(`${repoRoot}src/access/index.ts`, 'utf8');
    const findings = await boundaryFindings('src/access/index.ts', `import '../auth/index.js';\n${accessIndex}`);
    assert.deepEqual(findings.map((f) => f.rule).sort(), ['boundaries/no-module-cycle', 'import-x/no-cycle']);
    assert.match(findings.find((f) => f.rule === 'boundaries/no-module-cycle')!.message, /access → auth → access/);
  });

  test('a cycle through a file its index.ts does not load is an error too (the old api ⇄ cli shape)', async () => {
    // cli/commands/start.ts imports api/; if an api route imported cli/ back, no file cycle
    // would exist (cli/ has no index.ts that loads the command), but the modules would cycle.
    const findings = await boundaryFindings('src/access/boundary-example.ts', "export * from '../auth/index.js';\n");
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['boundaries/no-module-cycle'],
    );
    assert.match(findings[0]!.message, /Import cycle between modules: access → auth → access/);
  });
});
