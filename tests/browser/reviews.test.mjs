// The council's review of a quarterly return, with JavaScript on and off: an officer finds the
// demo's third-quarter return through the header's count and the queue, approves one line and
// asks about another; the supplier answers with a new evidence file; the officer approves the
// answered line and the rest; the contract's delivered figures, RAG and rating update.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessibilityViolations, openPage, signInAs, useServerAndBrowser, waitForHydration } from './support.mjs';

const OFFICER = 'admin@demo-council.example';
const SUPPLIER = 'bids@example-facilities.example';
const CONTRACT = 'DEMO-2026-002';
const TITLE = 'Library cleaning and caretaking (demo)';

function attendanceFile() {
  const folder = mkdtempSync(join(tmpdir(), 'pledgebook-review-files-'));
  const pdf = join(folder, 'attendance-records.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return pdf;
}

const pounds = (text) => Number(text.match(/£([\d,]+\.\d\d)/)[1].replace(/,/g, ''));

for (const javaScript of [true, false]) {
  describe(`an officer reviews a return and the supplier answers, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const session = useServerAndBrowser({ seedDemo: true });

    async function settled(page) {
      if (javaScript) await waitForHydration(page);
      assert.deepEqual(await accessibilityViolations(page), [], page.url());
    }

    async function openContract(page) {
      await page.goto(`${session.server.baseUrl}/contracts`);
      await page.getByRole('link', { name: TITLE }).first().click();
      await page.waitForURL(/\/contracts\/\d+$/);
      await page.getByRole('heading', { level: 2, name: 'Delivery against commitments' }).waitFor();
    }

    const row = (page, key) => page.locator('.govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: key }) }).locator('dd').first();

    test('decide, answer with a file, approve, and see the figures change', async () => {
      const base = session.server.baseUrl;
      const officer = await openPage(session.browser, { javaScript });
      await signInAs(officer.page, base, OFFICER);
      const page = officer.page;

      // The contract's figures before the review.
      await openContract(page);
      const deliveredBefore = pounds(await row(page, 'Delivered (approved)').innerText());
      assert.match(await row(page, 'RAG status').innerText(), /Red|Amber|Green/);
      assert.match(await row(page, 'Performance rating').innerText(), /Good|Approaching target|Requires improvement|Inadequate/);
      await settled(page);

      // The header counts the returns waiting; the queue lists them, oldest first.
      await page.getByRole('link', { name: 'Returns to review (1)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Returns waiting for review' }).waitFor();
      await settled(page);
      await page.getByRole('link', { name: `${CONTRACT}: quarter 3 (year 1)` }).click();
      await page.getByRole('heading', { level: 1, name: 'Review the quarter 3 (year 1) return' }).waitFor();
      await settled(page);

      const decisions = page.getByRole('group', { name: /^Your decision on / });
      assert.equal(await decisions.count(), 4);
      const codeOf = async (i) => (await decisions.nth(i).locator('legend').innerText()).replace('Your decision on ', '').trim();
      const approved = await codeOf(0);
      const asked = await codeOf(1);

      // A question needs its text: refused beside the field, nothing lost.
      await decisions.nth(0).getByLabel('Approve the quantity claimed').check();
      await decisions.nth(1).getByLabel('Ask the supplier for more information').check();
      await page.getByRole('button', { name: 'Save decisions' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'Enter the question the supplier should answer' }).waitFor();
      await settled(page);
      assert.ok(await page.getByRole('group', { name: `Your decision on ${approved}` }).getByLabel('Approve the quantity claimed').isChecked(), 'the choice is kept');
      await page.getByRole('group', { name: `Your decision on ${asked}` }).getByLabel('Ask the supplier for more information').check();
      await page.getByLabel(`Your comment on ${asked}`).fill('Please send the attendance records, with names taken out.');
      await page.getByRole('button', { name: 'Save decisions' }).click();
      await page.waitForURL(/\/review\?decided$/);
      await page.getByText('Your decisions have been saved.').waitFor();
      await settled(page);

      // The supplier sees the question and answers it with a new file.
      const supplier = await openPage(session.browser, { javaScript });
      await signInAs(supplier.page, base, SUPPLIER);
      const s = supplier.page;
      await openContract(s);
      await s.getByRole('link', { name: 'Quarter 3 (year 1)' }).click();
      await s.getByRole('heading', { level: 1, name: 'Quarter 3 (year 1) return' }).waitFor();
      assert.match(await s.locator('main').innerText(), /Please send the attendance records, with names taken out\./);
      await settled(s);
      await s.getByLabel(`Add evidence for ${asked}`).setInputFiles(attendanceFile());
      if (javaScript) {
        await s.getByText(/^Uploaded attendance-records\.pdf \(PDF, \d+ bytes\)$/).waitFor({ timeout: 20_000 });
      }
      await s.getByLabel(`Your answer about ${asked}`).fill('The attendance records are attached.');
      await s.getByRole('button', { name: 'Send your answers' }).click();
      await s.waitForURL(/\/returns\/3\?answered$/);
      await s.getByRole('link', { name: 'attendance-records.pdf' }).waitFor();
      const history = await s.locator('main').innerText();
      assert.match(history, /Asked for more information/);
      assert.match(history, /Answered/);
      await settled(s);

      // The officer approves the answered line and the rest: the return is reviewed.
      await page.goto(`${base}/reviews`);
      await page.getByRole('link', { name: `${CONTRACT}: quarter 3 (year 1)` }).click();
      await page.getByRole('heading', { level: 1, name: 'Review the quarter 3 (year 1) return' }).waitFor();
      assert.match(await page.locator('main').innerText(), /The attendance records are attached\./);
      await page.getByRole('link', { name: 'attendance-records.pdf' }).waitFor();
      await settled(page);
      const waiting = page.getByRole('group', { name: /^Your decision on / });
      assert.equal(await waiting.count(), 3, 'the approved line is decided');
      for (let i = 0; i < 3; i += 1) {
        await waiting.nth(i).getByLabel('Approve the quantity claimed').check();
      }
      await page.getByRole('button', { name: 'Save decisions' }).click();
      await page.waitForURL(/\/reviews\?reviewed=/);
      await page.getByText('No returns are waiting for review.').waitFor();
      await settled(page);

      // The contract's delivered figures, RAG and rating follow.
      await openContract(page);
      const deliveredAfter = pounds(await row(page, 'Delivered (approved)').innerText());
      assert.ok(deliveredAfter > deliveredBefore, `${deliveredBefore} then ${deliveredAfter}`);
      assert.match(await row(page, 'Share delivered').innerText(), /^\d+(\.\d)?%$/);
      assert.match(await row(page, 'RAG status').innerText(), /Red|Amber|Green/);
      assert.match(await row(page, 'Performance rating').innerText(), /Good|Approaching target|Requires improvement|Inadequate/);
      assert.equal((await row(page, 'Lines waiting for review').innerText()).trim(), '0');
      await settled(page);

      // The guide is linked from the queue.
      await page.goto(`${base}/reviews`);
      await page.getByRole('link', { name: 'How to review evidence, and when to ask for more' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reviewing a quarterly return' }).waitFor();
      await settled(page);
      assert.deepEqual(officer.consoleErrors, []);
      assert.deepEqual(supplier.consoleErrors, []);
    });
  });
}
