// Plain English, checked: the visible text of the pages suppliers read and of every guide,
// scored for Flesch reading ease by textstat (tests/readability/flesch.py). Each must reach 60,
// the level of plain English most adults read easily. The scores are printed for the note.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

import { openPage, signInAs, useServerAndBrowser } from './support.mjs';

const PLAIN_ENGLISH = 60;
const SUPPLIER = 'bids@example-facilities.example';
const OPEN_TENDER = 'Highways maintenance and winter gritting (demo)';
const python = process.env.TEXTSTAT_PYTHON ?? 'python3';
const scorer = join(resolve(import.meta.dirname, '../..'), 'tests/readability/flesch.py');

const session = useServerAndBrowser({ seedDemo: true });

/** The text a reader sees in the page's main content, one block per line. */
async function mainText(page) {
  return page.locator('main').innerText();
}

test('the supplier-facing pages and the guides are in plain English', async () => {
  const { page, context } = await openPage(session.browser, { javaScript: false });
  const base = session.server.baseUrl;
  const texts = {};
  const read = async (path) => {
    const response = await page.goto(`${base}${path}`);
    assert.equal(response.status(), 200, path);
    texts[new URL(page.url()).pathname] = await mainText(page);
  };

  // Signed out: how a bid writer first meets the portal, and every guide.
  for (const path of ['/', '/tenders', '/register', '/sign-in', '/frameworks', '/calculator', '/guides', '/glossary']) {
    await read(path);
  }
  await page.goto(`${base}/guides`);
  const guideLinks = page.locator('main a[href^="/guides/"]');
  const guides = [...new Set(await guideLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))];
  assert.ok(guides.length >= 8, `the guides index lists every guide: ${guides}`);
  for (const guide of guides) await read(guide);
  await page.goto(`${base}/tenders`);
  await page.getByRole('link', { name: OPEN_TENDER }).click();
  await page.waitForURL(/\/tenders\/\d+$/);
  texts[new URL(page.url()).pathname] = await mainText(page);

  // Signed in as a supplier: the home page, the offer builder, and the contract's pages.
  await signInAs(page, base, SUPPLIER);
  texts['/ (a supplier signed in)'] = await mainText(page);
  await page.goto(`${base}/tenders`);
  await page.getByRole('link', { name: OPEN_TENDER }).click();
  await page.getByRole('button', { name: 'Start your offer' }).click();
  await page.waitForURL(/\/offers\/\d+$/);
  texts['/offers/{id} (the builder)'] = await mainText(page);
  await read('/contracts');
  await page.getByRole('link', { name: /demo/ }).first().click();
  await page.waitForURL(/\/contracts\/\d+$/);
  texts['/contracts/{id}'] = await mainText(page);
  await page.goto(`${page.url()}/returns/1`);
  texts['/contracts/{id}/returns/1'] = await mainText(page);
  await context.close();

  // To reword a page, keep the texts as scored: PLEDGEBOOK_READABILITY_TEXTS=/tmp/texts.json.
  if (process.env.PLEDGEBOOK_READABILITY_TEXTS) writeFileSync(process.env.PLEDGEBOOK_READABILITY_TEXTS, JSON.stringify(texts, null, 1));
  const scored = spawnSync(python, [scorer], { input: JSON.stringify(texts), encoding: 'utf8' });
  assert.equal(scored.status, 0, scored.stderr);
  const scores = JSON.parse(scored.stdout);
  const lines = Object.entries(scores).map(([path, score]) => `${String(score.toFixed(1)).padStart(6)}  ${path}`);
  console.log(`Flesch reading ease (at least ${PLAIN_ENGLISH}):\n${lines.join('\n')}`);
  const hard = Object.entries(scores).filter(([, score]) => score < PLAIN_ENGLISH);
  assert.deepEqual(hard, [], 'pages below plain English');
});
