// A first-time bid writer follows the guides into the offer builder, with JavaScript on and off:
// from the list of guides to "Building a social value offer" and its worked example, over to the
// glossary and back, then on to the open tenders, the demo tender, sign-in and the builder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, openPage, signInAs, useServerAndBrowser, waitForHydration } from './support.mjs';

const SUPPLIER = 'bids@example-facilities.example';
const DEMO_TENDER = 'Highways maintenance and winter gritting (demo)';
const GUIDE = 'Building a social value offer';

for (const javaScript of [true, false]) {
  describe(`the guides lead a bid writer into the offer builder, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const session = useServerAndBrowser({ seedDemo: true });

    async function settled(page) {
      if (javaScript) await waitForHydration(page);
      assert.deepEqual(await accessibilityViolations(page), [], page.url());
    }

    test('from the guides to the glossary and back, then to the builder for the open tender', async () => {
      const base = session.server.baseUrl;
      const { page, consoleErrors } = await openPage(session.browser, { javaScript });
      // Links are looked for in the page's main content: the header and footer have their own.
      const main = page.getByRole('main');

      // The list of guides, grouped by who they are for, with the glossary.
      await page.goto(`${base}/guides`);
      await page.getByRole('heading', { level: 1, name: 'Guides' }).waitFor();
      await main.getByRole('link', { name: 'Glossary', exact: true }).waitFor();
      await settled(page);
      await main.getByRole('link', { name: GUIDE }).click();
      await page.waitForURL(/\/guides\/building-an-offer$/);
      await page.getByRole('heading', { level: 1, name: GUIDE }).waitFor();

      // The worked example: a line per measure and year, the total, the ratio and the score.
      const table = page.getByRole('table', { name: 'The lines of the example offer' });
      const headers = (await table.getByRole('columnheader').allTextContents()).map((t) => t.trim());
      assert.deepEqual(headers, ['Measure', 'Year', 'Quantity', 'Unit', 'Proxy value', 'Value']);
      const rows = await table.getByRole('row').all();
      assert.equal(rows.length, 1 + 7 + 1, 'a header, seven lines and the total');
      const total = rows[rows.length - 1];
      assert.equal((await total.getByRole('rowheader').textContent()).trim(), 'Total social value');
      assert.match((await total.getByRole('cell').textContent()).trim(), /^£[\d,]+\.\d\d$/);
      for (const row of rows.slice(1, -1)) {
        const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
        assert.equal(cells.length, 6);
        assert.match(cells[1], /^Year [1-3]$/);
        assert.match(cells[5], /^£[\d,]+\.\d\d$/);
      }
      const figure = (key) => page.locator('.govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: key }) }).locator('dd');
      assert.match((await figure('Per £1 of contract value').textContent()).trim(), /^£\d+\.\d\d per £1 \(\d+%\)$/);
      assert.match((await figure('Indicative score').textContent()).trim(), /^\d+(\.\d+)? of \d+$/);
      await settled(page);

      // A term links to its glossary entry; the browser comes back to the guide.
      await main.getByRole('link', { name: 'SV ratio', exact: true }).click();
      await page.waitForURL(/\/glossary#sv-ratio$/);
      const entry = page.getByRole('heading', { level: 2, name: 'SV ratio', exact: true });
      assert.equal(await entry.getAttribute('id'), 'sv-ratio');
      assert.ok(await entry.isVisible());
      assert.match(await entry.locator('xpath=following-sibling::p[1]').textContent(), /for each £1 of the contract's value/);
      await settled(page);
      await page.goBack();
      await page.waitForURL(/\/guides\/building-an-offer$/);
      await page.getByRole('heading', { level: 1, name: GUIDE }).waitFor();

      // On to the open tenders, and the demo tender.
      await main.getByRole('button', { name: 'Find an open tender' }).click();
      await page.waitForURL(/\/tenders$/);
      await page.getByRole('heading', { level: 1, name: 'Open tenders' }).waitFor();
      await settled(page);
      await main.getByRole('link', { name: DEMO_TENDER }).click();
      await page.waitForURL(/\/tenders\/\d+$/);
      const tenderUrl = page.url();
      await page.getByRole('heading', { level: 1, name: DEMO_TENDER }).waitFor();
      await main.getByRole('link', { name: 'what social value is and how offers are scored' }).waitFor();
      await main.getByRole('link', { name: GUIDE.toLowerCase() }).waitFor();
      await settled(page);

      // Signed in as the demo supplier, the tender starts an offer in the builder.
      await signInAs(page, base, SUPPLIER);
      await page.goto(tenderUrl);
      await page.getByRole('button', { name: 'Start your offer' }).click();
      await page.waitForURL(/\/offers\/\d+$/);
      await page.getByRole('heading', { level: 1, name: 'Your social value offer' }).waitFor();
      await page.getByRole('region', { name: 'Your offer' }).waitFor();
      await settled(page);
      assert.deepEqual(consoleErrors, []);
    });
  });
}
