/**
 * Debian's Chromium (/usr/bin/chromium) driven by playwright-core, for the page tests. CI
 * installs it (.ci/run); without it locally the browser tests are skipped with a message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TestApp } from './app';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

export function warnWithoutChromium(what: string): void {
  if (hasChromium) return;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install chromium (see .ci/run)`);
  console.warn(`Skipping ${what}: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync',
];

/** A fresh profile per context; `close` removes it. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A page that records what would mean a broken page: a CSP refusal (reported on the console)
 * or a failed subresource. The browser's own /favicon.ico probe is not ours to serve.
 */
export async function newRecordingPage(
  context: BrowserContext,
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !text.startsWith('Failed to load resource')) errors.push(text);
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    const isSubresource = response.request().resourceType() !== 'document';
    if (response.status() >= 400 && url.pathname !== '/favicon.ico' && isSubresource) {
      errors.push(`${response.status()} ${url.pathname}`);
    }
  });
  return { page, errors };
}

/**
 * The test app listening on 127.0.0.1 and one Chromium for the file (nothing without
 * Chromium): `origin` and `context` are set in beforeAll.
 */
export function useListeningBrowser(t: { current: TestApp }) {
  const held = {} as { origin: string; context: BrowserContext };
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  beforeAll(async () => {
    if (!hasChromium) return;
    await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    held.origin = `http://127.0.0.1:${(t.current.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    held.context = browser.context;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return held;
}
