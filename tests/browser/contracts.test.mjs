// Award and contracts, with JavaScript on and off: an officer awards the evaluated demo tender
// to the offer ranked second (a reason is asked for, beside the field), the winning supplier
// finds the contract and its commitments, and a losing one reads its assessment summary.
//
// The demo seeds DEMO-2026-002 moderated and awarded; each run takes the award back first
// (moderation and the excluded line stay), so that the officer awards through the pages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, openPage, signInAs, useServerAndBrowser, waitForHydration } from './support.mjs';

const PASSWORD = 'pledgebook demo only';
const ADMIN = 'admin@demo-council.example';
const NORTHFIELD = 'tenders@northfield-works.example';
const RIVERSIDE = 'hello@riverside-trust.example';
const TITLE = 'Library cleaning and caretaking (demo)';
const UNDO_THE_DEMO_AWARD = [
  'DELETE FROM evidence_file',
  'DELETE FROM evidence_upload',
  'DELETE FROM return_line',
  'DELETE FROM quarterly_return',
  'DELETE FROM commitment',
  'DELETE FROM contract_officer',
  'DELETE FROM contract',
  'DELETE FROM email_outbox',
  "UPDATE tender SET status = 'open', awarded_at = NULL, awarded_offer_id = NULL WHERE reference = 'DEMO-2026-002'",
];
const REASON = 'Its delivery plans are the most credible, and it is a local community interest company.';

for (const javaScript of [true, false]) {
  describe(`an officer awards and the bidders follow, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const session = useServerAndBrowser({ seedDemo: true, afterSeed: UNDO_THE_DEMO_AWARD });

    async function signedIn(email) {
      const opened = await openPage(session.browser, { javaScript });
      await signInAs(opened.page, session.server.baseUrl, email, PASSWORD);
      return opened;
    }

    async function settled(page) {
      if (javaScript) await waitForHydration(page);
      assert.deepEqual(await accessibilityViolations(page), [], page.url());
    }

    test('the officer awards against the ranking, with a reason', async () => {
      const { page, context, consoleErrors } = await signedIn(ADMIN);
      await page.goto(`${session.server.baseUrl}/manage/tenders`);
      await page.getByRole('link', { name: TITLE }).click();
      await page.waitForURL(/\/manage\/tenders\/\d+$/);
      await page.getByRole('link', { name: 'Award the contract' }).click();
      await page.getByRole('heading', { level: 1, name: 'Which offer wins the contract?' }).waitFor();
      await settled(page);

      // Continuing with nothing chosen is refused beside the question.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'Choose the offer that wins the contract' }).waitFor();
      assert.match(await page.title(), /^Error: /);
      await settled(page);

      // The ranking after moderation and the excluded line: Example 9.4, Northfield 8.43, Riverside 4.93.
      const choices = await page.getByRole('radio').all();
      const labels = [];
      for (const choice of choices) labels.push((await page.locator(`label[for="${await choice.getAttribute('id')}"]`).textContent()).trim());
      assert.deepEqual(labels, [
        'Example Facilities Ltd (demo): ranked 1, social value score 9.40 of 10',
        'Northfield Works CIC (demo): ranked 2, social value score 8.43 of 10',
        'Riverside Community Trust (demo): ranked 3, social value score 4.93 of 10',
      ]);
      await page.getByLabel(/^Northfield Works CIC/).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check the award before you confirm it' }).waitFor();
      assert.match(await page.locator('.govuk-warning-text').textContent(), /This offer is not ranked first/);
      await settled(page);

      // Without a reason: refused beside the field, on the same check page.
      await page.getByRole('button', { name: 'Award the contract' }).click();
      const summary = page.getByRole('alert');
      await summary.getByRole('link', { name: 'Explain why this offer wins although it is not ranked first' }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Check the award before you confirm it' }).waitFor();
      await settled(page);
      await page.getByLabel('Why does this offer win?').fill(REASON);
      await page.getByRole('button', { name: 'Award the contract' }).click();
      await page.waitForURL(/\/contracts\/\d+\?awarded$/);
      await page.getByRole('heading', { level: 1, name: `DEMO-2026-002: ${TITLE}` }).waitFor();
      const text = await page.locator('main').innerText();
      assert.match(text, /The contract has been awarded/);
      assert.match(text, /Northfield Works CIC \(demo\)/);
      assert.ok(text.includes(REASON), 'the reason is on the contract');
      assert.match(text, /Quarter 1 \(year 1\)/);
      await settled(page);

      // The contract is on the council's list, found by its supplier.
      await page.goto(`${session.server.baseUrl}/contracts`);
      await page.getByLabel('Search contracts').fill('northfield');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: `DEMO-2026-002: ${TITLE}` }).waitFor();
      await settled(page);
      assert.deepEqual(consoleErrors, []);
      await context.close();
    });

    test('the winning supplier finds the contract and its commitments', async () => {
      const { page, context, consoleErrors } = await signedIn(NORTHFIELD);
      await page.goto(`${session.server.baseUrl}/contracts`);
      await page.getByRole('heading', { level: 1, name: 'Your contracts' }).waitFor();
      await settled(page);
      await page.getByRole('link', { name: `DEMO-2026-002: ${TITLE}` }).click();
      await page.waitForURL(/\/contracts\/\d+$/);
      // Northfield offered £194,115.00 over 8 lines, and answered both written questions.
      await page.getByRole('table', { name: 'By contract year' }).waitFor();
      const totals = await page.getByRole('table', { name: 'By theme' }).innerText();
      assert.match(totals, /Total\s+£194,115\.00/);
      assert.ok(await page.getByRole('table', { name: 'Year 1 commitments' }).isVisible());
      assert.ok(await page.getByRole('table', { name: 'Year 2 commitments' }).isVisible());
      assert.match(await page.locator('main').innerText(), /Written commitments/);
      assert.equal(await page.getByRole('button', { name: 'Add the officer' }).count(), 0, 'no officer controls for the supplier');
      await settled(page);
      assert.deepEqual(consoleErrors, []);
      await context.close();
    });

    test('a losing supplier follows its email to its assessment summary', async () => {
      const { page, context, consoleErrors } = await signedIn(RIVERSIDE);
      await page.goto(`${session.server.baseUrl}/contracts`);
      await page.getByText('Your organisation has no contracts yet.').waitFor();
      await settled(page);
      // The award emailed every bidder a link to its own offer's page.
      const [[body]] = session.server.rows(`SELECT body_text FROM email_outbox WHERE to_address = '${RIVERSIDE}' AND subject LIKE 'Tender DEMO-2026-002%'`);
      assert.match(body, /not successful/);
      const link = body.match(/https?:\/\/[^/\s]+(\/offers\/\d+)/)[1];
      await page.goto(`${session.server.baseUrl}${link}`);
      await page.getByRole('heading', { level: 2, name: 'Your assessment summary' }).waitFor();
      const summary = await page.locator('main').innerText();
      for (const expected of [
        /Your offer was not successful this time/,
        /Your rank\s+3 of 3/,
        /Your social value score\s+4\.93 of 10/,
        /The winning offer's score\s+8\.43 of 10/,
        /Not credible, or not supported by the delivery plan/,
        /Quantitative score\s+7 × /,
      ]) {
        assert.match(summary, expected);
      }
      assert.doesNotMatch(summary, /Northfield|Example Facilities/, 'no other bidder is named');
      await settled(page);
      assert.deepEqual(consoleErrors, []);
      await context.close();
    });
  });
}
