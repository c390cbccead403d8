// Finding the way: the home page for each role (where sign-in lands), the header's navigation
// at a laptop's width and a small phone's, and sign-in that returns to the page that asked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { accessibilityViolations, freshCode, openPage, signInAs, useServerAndBrowser } from './support.mjs';

const PEOPLE = [
  { role: 'council administrator', email: 'admin@demo-council.example', sees: 'Tenders closing' },
  { role: 'council officer', email: 'marker.one@demo-council.example', sees: 'Tenders closing' },
  { role: 'supplier', email: 'bids@example-facilities.example', sees: 'Offers in draft' },
];

/** The header's items, each with its box, at the page's current width. */
async function headerItems(page) {
  const items = page.getByRole('navigation', { name: 'Menu' }).getByRole('listitem');
  const boxes = [];
  for (const item of await items.all()) boxes.push({ text: (await item.innerText()).trim(), box: await item.boundingBox() });
  return boxes;
}

/** At 1280 px the header's items sit on one line; at 320 px nothing overflows sideways and each
 * item is on screen. Both without JavaScript as with it. */
async function checkNavigation(page, who) {
  await page.setViewportSize({ width: 1280, height: 800 });
  const wide = await headerItems(page);
  assert.ok(wide.length >= 1 && wide.length <= 5, `${who}: ${wide.length} header items`);
  const tops = new Set(wide.map(({ box }) => Math.round(box.y)));
  assert.equal(tops.size, 1, `${who}: one line at 1280 px: ${JSON.stringify(wide)}`);
  assert.deepEqual(await accessibilityViolations(page), [], `${who} at 1280 px`);

  await page.setViewportSize({ width: 320, height: 640 });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 320, `${who}: the page is ${scrollWidth} px wide at 320 px`);
  for (const { text, box } of await headerItems(page)) {
    assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 320, `${who}: "${text}" on screen at 320 px`);
  }
  assert.deepEqual(await accessibilityViolations(page), [], `${who} at 320 px`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

for (const javaScript of [true, false]) {
  describe(`finding the way, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const session = useServerAndBrowser({ seedDemo: true });

    test('signed out: what the portal is for and three ways in', async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      await page.goto(`${session.server.baseUrl}/`);
      for (const wayIn of ['Bidding for a contract', 'Working for a council', 'Looking for help for your group']) {
        await page.getByRole('heading', { level: 2, name: wayIn }).waitFor();
      }
      await checkNavigation(page, 'signed out');
      await page.getByRole('link', { name: 'Find an open tender' }).click();
      await page.getByRole('heading', { level: 1, name: 'Open tenders' }).waitFor();
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();
    });

    for (const { role, email, sees } of PEOPLE) {
      test(`a ${role} lands on their next steps, under a header that fits`, async () => {
        const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
        await signInAs(page, session.server.baseUrl, email);
        assert.equal(page.url(), `${session.server.baseUrl}/`);
        await page.getByRole('heading', { level: 1, name: 'Your next steps' }).waitFor();
        await page.getByRole('heading', { level: 2, name: sees }).waitFor();
        await checkNavigation(page, role);
        if (javaScript) assert.deepEqual(consoleErrors, []);
        await context.close();
      });
    }

    test('sign-in returns to the page that asked for it, and only to a page of this site', async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      const base = session.server.baseUrl;
      await page.goto(`${base}/contracts`);
      await page.waitForURL(/\/sign-in\?return_to=%2Fcontracts$/);
      await page.getByLabel('Email address').fill('admin@demo-council.example');
      await page.getByLabel('Password').fill('pledgebook demo only');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/sign-in\/code\?return_to=%2Fcontracts$/);
      await page.getByLabel('Code', { exact: true }).fill(await freshCode(`${base} admin@demo-council.example`));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${base}/contracts`);
      await page.getByRole('heading', { level: 1, name: 'Contracts' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await context.close();

      for (const elsewhere of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
        const visitor = await openPage(session.browser, { javaScript });
        await visitor.page.goto(`${base}/sign-in?return_to=${encodeURIComponent(elsewhere)}`);
        await visitor.page.getByLabel('Email address').fill('bids@example-facilities.example');
        await visitor.page.getByLabel('Password').fill('pledgebook demo only');
        await visitor.page.getByRole('button', { name: 'Sign in' }).click();
        await visitor.page.waitForURL(`${base}/`);
        await visitor.page.getByRole('heading', { level: 1, name: 'Your next steps' }).waitFor();
        if (javaScript) assert.deepEqual(visitor.consoleErrors, []);
        await visitor.context.close();
      }
      if (javaScript) assert.deepEqual(consoleErrors, []);
    });
  });
}
