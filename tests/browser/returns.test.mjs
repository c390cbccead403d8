// Quarterly returns, with JavaScript on and off: the winning supplier opens its contract's
// overdue fourth quarter, starts the return, types quantities (with JavaScript, each line's £
// updates as it types), adds two evidence files to a line (with JavaScript, each shows its own
// progress and result; without, they go with the form), checks its answers, attests and submits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessibilityViolations, expectText, openPage, signInAs, useServerAndBrowser, waitForHydration } from './support.mjs';

const SUPPLIER = 'bids@example-facilities.example';
const TITLE = 'Library cleaning and caretaking (demo)';

function evidenceFiles() {
  const folder = mkdtempSync(join(tmpdir(), 'pledgebook-evidence-files-'));
  const csv = join(folder, 'timesheets.csv');
  writeFileSync(csv, 'role,start date,hours\nApprentice,2026-05-12,37.5\n');
  const pdf = join(folder, 'school-letter.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return [csv, pdf];
}

for (const javaScript of [true, false]) {
  describe(`a supplier files a quarterly return, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const session = useServerAndBrowser({ seedDemo: true });

    async function settled(page) {
      if (javaScript) await waitForHydration(page);
      assert.deepEqual(await accessibilityViolations(page), [], page.url());
    }

    test('start, fill in with evidence, check and submit', async () => {
      const { page, consoleErrors } = await openPage(session.browser, { javaScript });
      await signInAs(page, session.server.baseUrl, SUPPLIER);
      await page.goto(`${session.server.baseUrl}/contracts`);
      await page.getByRole('link', { name: TITLE }).first().click();
      await page.waitForURL(/\/contracts\/\d+$/);
      const quarters = page.getByRole('table').filter({ hasText: 'Return due' });
      assert.match(await quarters.innerText(), /Submitted: waiting for review/);
      assert.match(await quarters.innerText(), /Overdue/);
      await page.getByRole('link', { name: 'Quarter 4 (year 1)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Quarter 4 (year 1) return' }).waitFor();
      await settled(page);
      await page.getByRole('button', { name: 'Start this return' }).click();
      await page.waitForURL(/\/returns\/4\?started$/);
      await settled(page);

      const quantities = page.getByRole('textbox', { name: /^Quantity of .* delivered this quarter$/ });
      const count = await quantities.count();
      assert.equal(count, 4, 'a line for each of year 1\'s commitments');
      const first = quantities.first();
      const firstCode = (await page.locator('section.pb-return-line h2').first().innerText()).split(' ')[0];
      if (javaScript) {
        // The £ follows the typing, from the same code the server runs.
        await first.fill('2');
        const worth = page.locator('section.pb-return-line').first().locator('.pb-return-worth');
        const before = (await worth.textContent()).trim();
        assert.match(before, /^Worth £[\d,]+\.\d\d at the committed proxy value$/);
        await first.fill('4');
        const after = (await worth.textContent()).trim();
        const pounds = (text) => Number(text.match(/£([\d,]+\.\d\d)/)[1].replace(/,/g, ''));
        assert.ok(Math.abs(pounds(after) - 2 * pounds(before)) <= 0.01, `${before} then ${after}`);
        await first.fill('lots');
        await expectText(page.locator('section.pb-return-line').first().locator('.govuk-error-message'), 'Error: Enter the quantity as a number, like 12 or 12.5');
      }

      // Two evidence files for the first line.
      const [csv, pdf] = evidenceFiles();
      const uploader = page.getByLabel(`Add evidence for ${firstCode}`);
      await uploader.setInputFiles([csv, pdf]);
      if (javaScript) {
        // Each file gets its own progress and result, without leaving the page.
        await page.getByText(/^Uploaded timesheets\.csv \(CSV, \d+ bytes\)$/).waitFor({ timeout: 20_000 });
        await page.getByText(/^Uploaded school-letter\.pdf \(PDF, \d+ bytes\)$/).waitFor({ timeout: 20_000 });
      }

      // Every line filled in, then save and check.
      for (let i = 0; i < count; i += 1) {
        await quantities.nth(i).fill(String(i + 1));
        await page.getByRole('textbox', { name: /^What you delivered for / }).nth(i).fill(`Delivered as planned, line ${i + 1}`);
      }
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/returns\/4\?saved$/);
      await page.getByRole('link', { name: 'timesheets.csv' }).waitFor();
      await page.getByRole('link', { name: 'school-letter.pdf' }).waitFor();
      assert.equal(await quantities.first().inputValue(), '1', 'the draft kept what was typed');
      await settled(page);

      await page.getByRole('button', { name: 'Save and check your return' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check your return for quarter 4 (year 1)' }).waitFor();
      const checked = await page.locator('main').innerText();
      assert.match(checked, /timesheets\.csv/);
      assert.match(checked, /school-letter\.pdf/);
      await settled(page);

      // Both attestations are needed.
      await page.getByLabel('This data relates only to social value delivered on this contract in this reporting period').check();
      await page.getByRole('button', { name: 'Submit the return' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'Confirm that each line relates to a commitment in the plan or is marked additional' }).waitFor();
      await settled(page);
      await page.getByLabel('This data relates only to social value delivered on this contract in this reporting period').check();
      await page.getByLabel("Each line relates to a commitment in the contract's social value plan, or is marked additional").check();
      await page.getByRole('button', { name: 'Submit the return' }).click();
      await page.waitForURL(/\/returns\/4\?submitted$/);
      assert.match(await page.locator('main').innerText(), /Submitted: waiting for review/);
      assert.equal(await page.getByRole('button', { name: 'Save draft' }).count(), 0, 'locked once submitted');
      await settled(page);

      // The guide is linked from the return.
      await page.getByRole('link', { name: 'What counts as evidence, and what never to upload' }).click();
      await page.getByRole('heading', { level: 1, name: 'Evidence for your quarterly return' }).waitFor();
      await settled(page);
      assert.deepEqual(consoleErrors, []);
    });
  });
}
