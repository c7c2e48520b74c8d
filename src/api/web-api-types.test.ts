import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { renderWebApiTypes, WEB_API_TYPES_FILE } from './web-api-types.js';

test('the web app is typed against the API as it is now (else: npm run api-types)', async () => {
  const committed = await readFile(WEB_API_TYPES_FILE, 'utf8');
  const current = await renderWebApiTypes();
  assert.ok(committed === current, 'src/web/lib/api.generated.ts is stale: run `npm run api-types` and commit the result');
});
