import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { systemActor } from '../../src/auth/index.js';
import { createSource } from '../../src/ingest/index.js';
import { logIn, openPage, skipReason, useServerAndBrowser } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const env = useServerAndBrowser();

test('data health says why each rejected message was refused (issue 15 item 9)', { skip: skipReason }, async () => {
  const { server, browser } = env.ready();
  const { source, writeKey } = await createSource(server.db, systemActor(server.workspaceId), { name: 'Mobile app' });
  const response = await fetch(`${server.baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
    body: JSON.stringify({
      batch: [
        { type: 'track', userId: 'ios-user-7', event: 'Report Exported', messageId: 'ok-1' },
        { type: 'track', userId: 'ios-user-8', messageId: 'no-event-name' },
      ],
    }),
  });
  assert.equal(response.status, 400);
  const { page, pageErrors } = await openPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  try {
    await logIn(page, server);
    await page.goto(`${server.baseUrl}/data/health`);
    await page.getByLabel('Source').selectOption(source.id);
    const rejected = page.getByTestId('rejected-messages');
    await rejected.getByText('event is required for track calls').waitFor();
    await rejected.getByText('messageId no-event-name').waitFor();
    await rejected.getByText('Refused with its batch of 2 messages.').waitFor();
    await rejected.getByText('Message as sent').click();
    await rejected.getByText('"messageId":"no-event-name"').waitFor();
    assert.equal(await page.getByTestId('total-rejected').innerText(), '2');
    await mkdir(RESULTS_DIR, { recursive: true });
    await rejected.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${RESULTS_DIR}rejected-messages.png` });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await page.close();
  }
});
