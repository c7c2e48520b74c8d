import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './start-test-server.js';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why browser tests skip here; CI must have Chromium, so there a missing binary fails loudly instead. */
export const skipReason: string | false =
  !existsSync(CHROMIUM_PATH) && process.env.CI !== 'true'
    ? 'chromium not installed: apt-get install -y chromium'
    : false;

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A 1280×800 page that collects uncaught page errors, so a test can assert there were none. */
export async function openPage(browser: Browser): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { page, pageErrors };
}

/**
 * Signs in through the login form, lands on Today (the first screen), then opens the
 * accounts list from the side bar unless `landing` is 'today'.
 */
export async function logIn(
  page: Page,
  server: { baseUrl: string; adminEmail: string; adminPassword: string },
  landing: 'accounts' | 'today' = 'accounts',
): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('Email').fill(server.adminEmail);
  await page.getByLabel('Password').fill(server.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/today$/);
  if (landing === 'today') return;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.waitForURL(/\/accounts$/);
}

/**
 * A test server and headless Chromium for one spec file: started before its tests and
 * stopped after them. Tests take both from `ready()`.
 *
 * @example
 *   const env = useServerAndBrowser();
 *   test('…', { skip: skipReason }, async () => {
 *     const { server, browser } = env.ready();
 *   });
 */
export function useServerAndBrowser(): { ready(): { server: TestServer; browser: Browser } } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    if (skipReason) return;
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    ready() {
      assert.ok(server && browser, 'server and browser started');
      return { server, browser };
    },
  };
}
