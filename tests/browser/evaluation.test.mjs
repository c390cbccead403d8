// Evaluation, as council officers do it, with JavaScript on and off: two officers mark the
// written answers of the closed demo tender independently and submit, a third moderates, an
// officer excludes a line that is not credible and the ranking changes, and the evaluation
// downloads as CSV and as a spreadsheet.
//
// The demo seeds DEMO-2026-002 marked, moderated and awarded; each run here takes it back to
// closed and unmarked first, so that the officers do every step through the pages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { accessibilityViolations, openPage, signInAs, useServerAndBrowser, waitForHydration } from './support.mjs';

const PASSWORD = 'pledgebook demo only';
const ADMIN = 'admin@demo-council.example';
const MARKER_ONE = 'marker.one@demo-council.example';
const MARKER_TWO = 'marker.two@demo-council.example';
const MODERATOR = 'moderator@demo-council.example';
// The demo marks, moderates and awards this tender; the journey does it all by hand instead.
const UNDO_THE_DEMO_EVALUATION = [
  'DELETE FROM commitment',
  'DELETE FROM contract_officer',
  'DELETE FROM contract',
  'DELETE FROM moderated_mark',
  'DELETE FROM line_exclusion',
  'DELETE FROM evaluator_mark',
  'DELETE FROM evaluator',
  "UPDATE tender SET status = 'open', awarded_at = NULL, awarded_offer_id = NULL WHERE reference = 'DEMO-2026-002'",
];
const TITLE = 'Library cleaning and caretaking (demo)';
const EXAMPLE = 'Example Facilities Ltd (demo)';
const RIVERSIDE = 'Riverside Community Trust (demo)';
const NORTHFIELD = 'Northfield Works CIC (demo)';
const QUESTIONS = ['JOB-8', 'SOC-6'];

// Each marker's marks ([JOB-8, SOC-6] per offer): they differ, and none of them counts.
const MARKS = {
  [MARKER_ONE]: { [EXAMPLE]: [4, 4], [RIVERSIDE]: [2, 1], [NORTHFIELD]: [4, 3] },
  [MARKER_TWO]: { [EXAMPLE]: [5, 3], [RIVERSIDE]: [3, 2], [NORTHFIELD]: [3, 3] },
};
// The moderated marks, the ones that count.
const MODERATED = { [EXAMPLE]: [4, 4], [RIVERSIDE]: [2, 1], [NORTHFIELD]: [4, 3] };

// Contract £600,000, best-relative; W = 10, W_q = 7, W_ql = 3 (2 questions marked 0 to 5).
// Offers: Example £214,760, Riverside £281,080 (the best ratio), Northfield £194,115.
// Qualitative, from the moderated marks: 3 × 8 ÷ 10 = 2.40, 3 × 3 ÷ 10 = 0.90, 3 × 7 ÷ 10 = 2.10.
const BEFORE_MODERATION = {
  // Quantitative only: 7 × 214,760 ÷ 281,080 = 5.348…; 7.00; 7 × 194,115 ÷ 281,080 = 4.834…
  order: [RIVERSIDE, EXAMPLE, NORTHFIELD],
  quantitative: ['7.00 of 7', '5.35 of 7', '4.83 of 7'],
  total: ['7.00 of 10', '5.35 of 10', '4.83 of 10'],
};
const AFTER_MODERATION = {
  // 7.00 + 0.90 = 7.90; 5.348… + 2.40 = 7.748… → 7.75; 4.834… + 2.10 = 6.934… → 6.93
  order: [RIVERSIDE, EXAMPLE, NORTHFIELD],
  qualitative: ['0.90 of 3', '2.40 of 3', '2.10 of 3'],
  total: ['7.90 of 10', '7.75 of 10', '6.93 of 10'],
};
const AFTER_EXCLUSION = {
  // Riverside's 9,000 hours in year 1 (£157,500) set aside: Riverside £123,580, Example is best.
  // Example 7.00 + 2.40 = 9.40; Northfield 7 × 194,115 ÷ 214,760 = 6.327… + 2.10 = 8.43;
  // Riverside 7 × 123,580 ÷ 214,760 = 4.028… + 0.90 = 4.93.
  order: [EXAMPLE, NORTHFIELD, RIVERSIDE],
  quantitative: ['7.00 of 7', '6.33 of 7', '4.03 of 7'],
  total: ['9.40 of 10', '8.43 of 10', '4.93 of 10'],
  offered: ['£214,760.00', '£194,115.00', '£123,580.00'],
};
const EXCLUSION_COMMENT = '9,000 hours in a year is more than the trust’s whole staff could give.';

for (const javaScript of [true, false]) {
  describe(`officers evaluate the closed demo tender, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const session = useServerAndBrowser({
      seedDemo: true,
      afterSeed: UNDO_THE_DEMO_EVALUATION,
    });

    /** A signed-in officer in their own browser context. */
    async function officer(email) {
      const opened = await openPage(session.browser, { javaScript });
      await signInAs(opened.page, session.server.baseUrl, email, PASSWORD);
      return opened;
    }

    /** From the council's tenders to the closed tender's evaluation. */
    async function openEvaluation(page) {
      await page.goto(`${session.server.baseUrl}/manage/tenders`);
      await page.getByRole('link', { name: TITLE }).click();
      await page.waitForURL(/\/manage\/tenders\/\d+$/);
      await page.getByRole('link', { name: 'Evaluate the offers side by side' }).click();
      await page.waitForURL(/\/evaluation$/);
      if (javaScript) await waitForHydration(page);
      await page.getByRole('heading', { level: 1, name: `Evaluation: ${TITLE}` }).waitFor();
    }

    /** The side-by-side table: its columns (suppliers, best first) and rows by heading. */
    async function sideBySide(page) {
      const table = page.getByRole('table', { name: /^Each column is one offer, best first/ });
      const columns = [];
      for (const link of await table.locator('thead').getByRole('link').all()) columns.push((await link.textContent()).trim());
      const rows = {};
      for (const row of await table.locator('tbody').getByRole('row').all()) {
        const heading = (await row.getByRole('rowheader').textContent()).trim();
        const cells = [];
        // A score's cell holds "5.35 of 7" and then its formula: keep the first line.
        for (const cell of await row.getByRole('cell').all()) cells.push((await cell.innerText()).split('\n')[0].trim());
        rows[heading] = cells;
      }
      return { columns, rows };
    }

    async function expectStandings(page, expected) {
      const { columns, rows } = await sideBySide(page);
      assert.deepEqual(columns, expected.order, 'offers, best first');
      assert.deepEqual(rows.Rank, ['1', '2', '3']);
      if (expected.total) assert.deepEqual(rows['Social value score (of 10)'], expected.total);
      if (expected.quantitative) assert.deepEqual(rows['Quantitative score (of 7)'], expected.quantitative);
      if (expected.qualitative) assert.deepEqual(rows['Qualitative score (of 3)'], expected.qualitative);
      if (expected.offered) assert.deepEqual(rows['Social value offered'], expected.offered);
    }

    async function openOffer(page, supplier) {
      await page.getByRole('table', { name: /^Each column is one offer/ }).getByRole('link', { name: supplier }).click();
      await page.waitForURL(/\/evaluation\/offers\/\d+$/);
      await page.getByRole('heading', { level: 1, name: `Offer from ${supplier}` }).waitFor();
    }

    async function backToEvaluation(page) {
      await page.getByRole('link', { name: 'Back to the offers side by side' }).click();
      await page.waitForURL(/\/evaluation(\?.*)?(#.*)?$/);
    }

    /** Chooses a mark and writes its justification (or moderation note) for each question. */
    async function fillMarks(page, marks, { legend, note }) {
      for (const [i, code] of QUESTIONS.entries()) {
        await page.getByRole('group', { name: `${legend} for ${code}` }).getByLabel(new RegExp(`^${marks[i]}: `)).check();
        await page.getByLabel(`${note} for ${code}`, { exact: true }).fill(`${note} ${marks[i]} for ${code}: the answer as read.`);
      }
    }

    async function markEveryOffer(email) {
      const { page, context, consoleErrors } = await officer(email);
      await openEvaluation(page);
      await page.getByText('You have marked 0 of 6 written answers.', { exact: false }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      // Too soon: refused beside the button.
      await page.getByRole('button', { name: 'Submit your marks' }).click();
      const tooSoon = 'Mark every written answer before submitting: you have marked 0 of 6';
      await page.getByRole('alert').getByRole('link', { name: tooSoon }).waitFor();
      await page.locator('.govuk-error-message', { hasText: tooSoon }).waitFor();
      assert.match(await page.title(), /^Error: /);

      for (const [n, [supplier, marks]] of Object.entries(MARKS[email]).entries()) {
        await openEvaluation(page);
        await openOffer(page, supplier);
        // A marker sees no one else's marks before submitting.
        assert.equal(await page.getByRole('table', { name: "Markers' submitted marks" }).count(), 0);
        if (n === 0) {
          // A mark without its justification is refused; what was chosen and typed is kept.
          await page.getByRole('group', { name: 'Your mark for JOB-8' }).getByLabel(new RegExp(`^${marks[0]}: `)).check();
          await page.getByLabel('Justification for SOC-6', { exact: true }).fill('Kept after the refusal.');
          await page.getByRole('button', { name: 'Save your marks' }).click();
          await page.getByRole('alert').getByRole('link', { name: 'Write the justification for this mark' }).waitFor();
          assert.equal(await page.getByRole('group', { name: 'Your mark for JOB-8' }).getByLabel(new RegExp(`^${marks[0]}: `)).isChecked(), true);
          assert.equal(await page.getByLabel('Justification for SOC-6', { exact: true }).inputValue(), 'Kept after the refusal.');
          assert.deepEqual(await accessibilityViolations(page), []);
        }
        await fillMarks(page, marks, { legend: 'Your mark', note: 'Justification' });
        await page.getByRole('button', { name: 'Save your marks' }).click();
        await page.waitForURL(/\?marks-saved/);
        await page.getByText('Your marks have been saved.').waitFor();
        if (n === 0) assert.deepEqual(await accessibilityViolations(page), []);
        await backToEvaluation(page);
      }
      await page.getByText('You have marked 6 of 6 written answers.', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Submit your marks' }).click();
      await page.waitForURL(/\?marks-submitted/);
      await page.getByText('Your marks have been submitted.', { exact: false }).waitFor();
      await page.getByText('You have submitted your marks for all 6 answers.').waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();
    }

    test('two officers mark independently, a third moderates, a line is excluded, the export downloads', async () => {
      // Before anyone marks: quantitative scores only, and no export (it would show marks).
      {
        const { page, context } = await officer(MODERATOR);
        await openEvaluation(page);
        await page.getByText('No one has marked the written responses yet.').waitFor();
        await expectStandings(page, BEFORE_MODERATION);
        await page.getByText('The export holds every marker’s marks', { exact: false }).or(page.getByText("The export holds every marker's marks", { exact: false })).waitFor();
        assert.deepEqual(await accessibilityViolations(page), []);
        await context.close();
      }

      await markEveryOffer(MARKER_ONE);
      await markEveryOffer(MARKER_TWO);

      // The moderator, who marked nothing, takes up moderation and sees both markers' marks.
      const { page, context, consoleErrors } = await officer(MODERATOR);
      await openEvaluation(page);
      await page.getByText('Demo Marker One').waitFor();
      await page.getByRole('button', { name: 'Moderate this tender' }).click();
      await page.waitForURL(/\?moderating/);
      await page.getByText('You are moderating this tender.', { exact: false }).waitFor();
      // Nothing moderated yet: each qualitative score is 0.
      await expectStandings(page, { ...BEFORE_MODERATION, qualitative: ['0.00 of 3', '0.00 of 3', '0.00 of 3'] });
      assert.deepEqual(await accessibilityViolations(page), []);
      for (const [supplier, marks] of Object.entries(MODERATED)) {
        await openOffer(page, supplier);
        const submitted = page.getByRole('table', { name: "Markers' submitted marks" });
        assert.equal(await submitted.count(), 2, 'one table of marks per question');
        const first = await submitted.first().locator('tbody').innerText();
        assert.match(first, /Demo Marker One/);
        assert.match(first, /Demo Marker Two/);
        assert.match(first, new RegExp(`Justification ${MARKS[MARKER_ONE][supplier][0]} for JOB-8`));
        if (supplier === EXAMPLE) assert.deepEqual(await accessibilityViolations(page), []);
        await fillMarks(page, marks, { legend: 'Moderated mark', note: 'Moderation note' });
        await page.getByRole('button', { name: 'Save the moderated marks' }).click();
        await page.waitForURL(/\?moderated/);
        await page.getByText('The moderated marks have been saved', { exact: false }).waitFor();
        await backToEvaluation(page);
      }
      await page.getByText('Moderated by Demo Moderator: 6 of 6 answers moderated.').waitFor();
      await expectStandings(page, AFTER_MODERATION);

      // An officer sets aside Riverside's 9,000 volunteering hours; every score is worked out again.
      await openOffer(page, RIVERSIDE);
      await page.getByRole('link', { name: 'Exclude SOC-1 year 1' }).click();
      await page.waitForURL(/\/lines\/\d+\/1\/exclude$/);
      await page.getByRole('heading', { level: 1, name: 'Exclude a line' }).waitFor();
      await page.getByText('9,000 hours = £157,500.00', { exact: false }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByLabel('Comment', { exact: true }).fill(EXCLUSION_COMMENT);
      await page.getByRole('button', { name: 'Exclude the line' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'Choose why the line does not count' }).waitFor();
      assert.equal(await page.getByLabel('Comment', { exact: true }).inputValue(), EXCLUSION_COMMENT, 'the comment is kept');
      assert.match(await page.title(), /^Error: /);
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByLabel('Not credible, or not supported by the delivery plan').check();
      await page.getByRole('button', { name: 'Exclude the line' }).click();
      await page.waitForURL(/\?excluded/);
      await page.getByText('The line has been excluded', { exact: false }).waitFor();
      await page.getByText(EXCLUSION_COMMENT, { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Count it again SOC-1 year 1' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await backToEvaluation(page);
      await expectStandings(page, AFTER_EXCLUSION);
      const { rows } = await sideBySide(page);
      assert.deepEqual(rows['Lines counted'], ['8 of 8', '8 of 8', '7 of 8 (1 excluded)']);
      assert.deepEqual(await accessibilityViolations(page), []);

      // The export, for the procurement file.
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download the evaluation as CSV' }).click(),
      ]);
      assert.equal(csv.suggestedFilename(), 'evaluation-demo-2026-002.csv');
      const table = parseCsv(await readFile(await csv.path(), 'utf8'));
      const [headers, ...records] = table;
      assert.equal(headers[0], 'Record');
      const column = (name) => headers.indexOf(name);
      const count = (record) => records.filter((r) => r[0] === record).length;
      assert.equal(count('Mark'), 12, '2 markers × 3 offers × 2 questions');
      assert.equal(count('Moderated mark'), 6);
      assert.equal(count('Line'), 24, '3 offers × 4 measures × 2 years');
      const excluded = records.filter((r) => r[0] === 'Line' && r[column('Counts')] === 'No');
      assert.equal(excluded.length, 1);
      assert.equal(excluded[0][column('Supplier')], RIVERSIDE);
      assert.equal(excluded[0][column('Exclusion comment')], EXCLUSION_COMMENT);
      // Numbers are plain decimals, for spreadsheets to read as numbers.
      const totals = records
        .filter((r) => r[0] === 'Social value score')
        .map((r) => [r[column('Supplier')], Number(r[column('Rank')]), Number(r[column('Score')])]);
      assert.deepEqual(totals, [
        [EXAMPLE, 1, 9.4],
        [NORTHFIELD, 2, 8.43],
        [RIVERSIDE, 3, 4.93],
      ]);
      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download the evaluation as a spreadsheet (XLSX)' }).click(),
      ]);
      assert.equal(xlsx.suggestedFilename(), 'evaluation-demo-2026-002.xlsx');
      const workbook = await readFile(await xlsx.path());
      assert.equal(workbook.subarray(0, 2).toString(), 'PK', 'an XLSX file is a zip');
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();

      // The council admin, who neither marked nor moderated, sees the same ranking.
      {
        const { page, context } = await officer(ADMIN);
        await openEvaluation(page);
        await expectStandings(page, AFTER_EXCLUSION);
        await context.close();
      }
    });
  });
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}
