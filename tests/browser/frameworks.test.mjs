// Measures frameworks, as a community group or bid writer browses them and as a council
// administrator drafts, tailors, imports and publishes a new version: JavaScript on and off.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, expectText, openPage, useServerAndBrowser, waitForHydration, signInAs } from './support.mjs';

const session = useServerAndBrowser({ seedDemo: true });
const ADMIN = 'admin@demo-council.example';
const PASSWORD = 'pledgebook demo only';

const signIn = (page, email) => signInAs(page, session.server.baseUrl, email, PASSWORD);

for (const javaScript of [true, false]) {
  describe(`frameworks with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    test('anyone browses the published framework by theme and searches it', async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      await page.goto(`${session.server.baseUrl}/frameworks`);
      if (javaScript) await waitForHydration(page);
      const published = page.getByRole('table', { name: 'Published frameworks' });
      // The other journey publishes new versions: count what this one holds.
      const row = published.getByRole('row').filter({ hasText: 'Pledgebook demo framework (illustrative)' });
      const measures = (await row.getByRole('cell').last().textContent()).trim();
      await row.getByRole('link', { name: 'Pledgebook demo framework (illustrative)' }).click();
      await page.waitForURL(/\/frameworks\/\d+$/);
      await page.getByText('Illustrative framework: written for this demo.').waitFor();
      for (const theme of ['Jobs', 'Growth', 'Social', 'Environment', 'Innovation']) {
        await page.getByRole('heading', { level: 2, name: theme }).waitFor();
      }
      await expectText(page.getByRole('status'), `${measures} measures`);
      assert.deepEqual(await accessibilityViolations(page), []);

      const search = page.getByLabel('Search measures by code or words');
      await search.fill('carbon');
      if (!javaScript) await page.getByRole('button', { name: 'Search' }).click();
      // With JavaScript the list narrows as you type; without, the search is a page load.
      await expectText(page.getByRole('status'), `3 of ${measures} measures match`);
      await page.getByRole('cell', { name: 'ENV-1', exact: true }).waitFor();
      assert.equal(await page.getByRole('cell', { name: 'JOB-1', exact: true }).count(), 0);
      assert.deepEqual(await accessibilityViolations(page), []);
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();
    });

    test('an administrator drafts a new version, fixes an import, tailors it and publishes it', async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      const label = javaScript ? '2027-28 (JS)' : '2027-28 (no JS)';
      const newValue = javaScript ? '26000' : '27000';
      const notApplying = javaScript ? 'GRO-1' : 'GRO-2';
      await signIn(page, ADMIN);
      await page.goto(`${session.server.baseUrl}/manage/frameworks`);
      if (javaScript) await waitForHydration(page);
      await page.getByRole('cell', { name: 'Published' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      const publishedRow = page.getByRole('row').filter({ hasText: 'Published' });
      await publishedRow.getByRole('link').click();
      await page.waitForURL(/\/frameworks\/\d+$/);
      await page.getByRole('link', { name: 'Create a new version from this one' }).click();

      // The details question page: a mistake first, then the right answers.
      await page.waitForURL(/\/manage\/new-framework\?copy-of=\d+$/);
      await page.getByText('The draft starts as a copy of version').waitFor();
      await page.getByLabel('Version label').fill(label);
      await page.getByLabel('Day').fill('31');
      await page.getByLabel('Month').fill('2');
      await page.getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'The date the version takes effect must be a real date, like 1 4 2027' }).waitFor();
      assert.equal(await page.getByLabel('Version label').inputValue(), label, 'answers are kept');
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByLabel('Day').fill('1');
      await page.getByLabel('Month').fill('4');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(/\/manage\/frameworks\/\d+\?saved$/);
      await page.getByRole('heading', { level: 1, name: /Pledgebook demo framework/ }).waitFor();
      const draftUrl = page.url().replace('?saved', '');
      assert.deepEqual(await accessibilityViolations(page), []);

      // A faulty file: every problem is listed, and nothing is imported.
      await page.getByLabel('Upload a CSV or Excel (XLSX) file').setInputFiles({
        name: 'faulty.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('code,theme,outcome,description,unit,kind,proxy value (£)\nX-1,Jobs,Work,Jobs,people,monetised,free\nX-2,Jobs,Work,,people,record only,\n'),
      });
      await page.getByRole('button', { name: 'Import file' }).click();
      await page.getByRole('alert').getByRole('link', { name: /The file has 2 problems\. Nothing was imported/ }).waitFor();
      const problems = page.getByRole('table', { name: 'Problems in the file (2)' });
      await problems.getByRole('cell', { name: 'Enter the proxy value as an amount in pounds, like 12.50' }).waitFor();
      await problems.getByRole('cell', { name: 'Enter the description' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);

      // A local proxy value for JOB-1.
      await page.goto(draftUrl);
      await page.getByRole('link', { name: 'Change JOB-1' }).click();
      await page.waitForURL(/\/measures\/\d+$/);
      await page.getByLabel('Proxy value, £ per unit').fill('0');
      await page.getByRole('button', { name: 'Save measure' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'Enter a proxy value greater than £0' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByLabel('Proxy value, £ per unit').fill(newValue);
      await page.getByRole('button', { name: 'Save measure' }).click();
      await page.waitForURL(/\?saved$/);
      await page.getByText('Your changes have been saved.').waitFor();

      // Tailoring: a measure that does not apply in this area.
      await page.getByLabel(`${notApplying} applies`).uncheck();
      await page.getByRole('button', { name: 'Save the selection' }).click();
      await page.waitForURL(/\?saved$/);
      assert.equal(await page.getByLabel(`${notApplying} applies`).isChecked(), false);

      // Check the changes, then publish.
      await page.getByRole('link', { name: 'Review and publish' }).click();
      await page.waitForURL(/\/publish$/);
      await page.getByRole('heading', { level: 1, name: 'Check the changes before publishing' }).waitFor();
      await page.getByText(new RegExp(`proxy value \\(£\\): \\d+ → ${newValue}`)).waitFor();
      await page.getByText(/applies: yes → no/).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByRole('button', { name: 'Publish this version' }).click();
      await page.waitForURL(/\/frameworks\/\d+\?published$/);
      await page.getByText('The version is published. It can no longer be changed.').waitFor();
      await page.getByText(`£${Number(newValue).toLocaleString('en-GB')}.00 per unit`).waitFor();
      assert.equal(await page.getByRole('cell', { name: notApplying, exact: true }).count(), 0, `${notApplying} no longer applies`);

      await page.goto(`${session.server.baseUrl}/manage/frameworks`);
      const retired = page.getByRole('row').filter({ hasText: 'Retired' });
      assert.ok((await retired.count()) >= 1, 'the version it replaces is retired');
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();
    });
  });
}
