// Tenders and social value offers, as people use them: a supplier's bid writer builds an offer
// on the demo tender with JavaScript on (figures computed live by the WASM, draft saved by
// itself) and another with JavaScript off (the form posts and the server computes), checks it
// and submits it; a council officer creates a tender, chooses its measures and opens it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, expectText, openPage, useServerAndBrowser, waitForHydration, signInAs } from './support.mjs';

const session = useServerAndBrowser({ seedDemo: true });
const PASSWORD = 'pledgebook demo only';
const ADMIN = 'admin@demo-council.example';
const DEMO_TENDER = 'Highways maintenance and winter gritting (demo)';

// The demo tender holds the first three measures that apply in each theme of the demo framework
// (services/src/demo_framework.csv, in file order; GRO-6 and ENV-6 do not apply but
// come after the first three of their theme).
const TENDER_MEASURES = {
  Jobs: ['JOB-1', 'JOB-2', 'JOB-3'],
  Growth: ['GRO-1', 'GRO-2', 'GRO-3'],
  Social: ['SOC-1', 'SOC-2', 'SOC-3'],
  Environment: ['ENV-1', 'ENV-2', 'ENV-3'],
  Innovation: ['INN-1', 'INN-2', 'INN-3'],
};

// One offer of six lines over the three contract years. Proxy values from the demo framework CSV;
// values are rounded to the penny, midpoint away from zero (banker's rounding, or floating point,
// would get the three midpoints below wrong).
const LINES = [
  { code: 'JOB-1', year: 1, typed: '3.5' }, //     3.5 FTE years × £25,000     = £87,500.00
  { code: 'JOB-1', year: 2, typed: '4.25' }, //    4.25 × £25,000              = £106,250.00
  { code: 'JOB-1', year: 3, typed: '5' }, //       5 × £25,000                 = £125,000.00
  { code: 'GRO-1', year: 1, typed: '200,001' }, // 200,001 £ × £0.1850 = £37,000.185 → £37,000.19
  { code: 'ENV-3', year: 2, typed: '12,345' }, //  12,345 miles × £0.0450 = £555.525 → £555.53
  { code: 'SOC-1', year: 3, typed: '10.03' }, //   10.03 hours × £17.50 = £175.525 → £175.53
];
const LINE_VALUES = ['£87,500.00', '£106,250.00', '£125,000.00', '£37,000.19', '£555.53', '£175.53'];
const MEASURE_VALUES = {
  'JOB-1': '£318,750.00', // 87,500.00 + 106,250.00 + 125,000.00
  'GRO-1': '£37,000.19',
  'ENV-3': '£555.53',
  'SOC-1': '£175.53',
};
// 318,750.00 + 37,000.19 + 555.53 + 175.53 = 356,481.25
const TOTAL = '£356,481.25';
// Without the SOC-1 line: 356,481.25 − 175.53 = 356,305.72
const TOTAL_WITHOUT_SOC_1 = '£356,305.72';
// 356,481.25 ÷ 2,000,000 = 0.178240625 → £0.18 per £1; 17.8240625 % → 18 %
const RATIO = '£0.18 per £1 (18%)';
// Weight 10 % × 70 % = 7 marks; 7 × min(1, 0.178240625 ÷ 0.25) = 7 × 0.7129625 = 4.9907375 → 4.99
const SCORE = '4.99 of 7';
// 0.178240625 ÷ 0.25 = 71.29625 % → 71 %
const PERCENT_OF_TARGET = '71';
const BY_YEAR = {
  'Year 1': '£124,500.19', // 87,500.00 + 37,000.19
  'Year 2': '£106,805.53', // 106,250.00 + 555.53
  'Year 3': '£125,175.53', // 125,000.00 + 175.53
};
const BY_THEME = {
  Jobs: '£318,750.00',
  Growth: '£37,000.19',
  Environment: '£555.53',
  Social: '£175.53',
};
const PLANS = {
  'JOB-1': 'Recruit through the county jobs fair and the Jobcentre; payroll reports each quarter.',
  'GRO-1': 'Buy aggregates and signage from local small firms listed with the chamber of commerce.',
  'ENV-3': 'Two electric gritting support vans from year 2, with telematics reports.',
  'SOC-1': 'Depot staff volunteer with the parish councils to clear footpaths.',
};
const ENV_2_RESPONSE = 'We will baseline depot, fleet and materials emissions in the first quarter.';
const REFERENCE = /^SV-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

const signIn = (page, email) => signInAs(page, session.server.baseUrl, email, PASSWORD);

/** Retries an assertion until it holds, or fails with its last error. */
async function eventually(check, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A table of figures as { row heading: value }. */
async function figures(table) {
  const seen = {};
  for (const row of await table.getByRole('row').all()) {
    const heading = (await row.getByRole('rowheader').textContent()).trim();
    seen[heading] = (await row.getByRole('cell').textContent()).trim();
  }
  return seen;
}

/** A measure's boxes, found by its fieldset's legend ("JOB-1 Local residents…"). */
function measure(page, code) {
  return page.getByRole('group', { name: new RegExp(`^${code} `) });
}

function yearBox(page, code, year) {
  return measure(page, code).getByLabel(`Year ${year}`, { exact: true });
}

/** The message a box's description holds (the error shown beside it), or ''. */
async function describedError(page, box) {
  const ids = (await box.getAttribute('aria-describedby')) ?? '';
  let text = '';
  for (const id of ids.split(/\s+/).filter((id) => id.endsWith('-error'))) {
    text += (await page.locator(`[id="${id}"]`).textContent()).trim();
  }
  return text;
}

/** The builder's figures beside the form, against the hand-computed ones. */
async function expectBuilderFigures(page, { total = TOTAL, ratio = RATIO, score = SCORE } = {}) {
  const offer = page.getByRole('region', { name: 'Your offer' });
  await eventually(async () => {
    assert.deepEqual(await figures(offer.getByRole('table', { name: "Your offer's figures" })), {
      'Total social value': total,
      'Per £1 of contract value': ratio,
      'Indicative score': score,
    });
  });
  if (total !== TOTAL) return;
  await eventually(async () => {
    assert.deepEqual(await figures(offer.getByRole('table', { name: 'By contract year' })), BY_YEAR);
    assert.deepEqual(await figures(offer.getByRole('table', { name: 'By theme' })), BY_THEME);
    const progress = offer.getByRole('progressbar', { name: 'Against the target of £0.25 per £1' });
    assert.equal(await progress.getAttribute('value'), PERCENT_OF_TARGET);
    await offer.getByText(`${PERCENT_OF_TARGET}% of the target`, { exact: true }).waitFor({ timeout: 100 });
    for (const [code, value] of Object.entries(MEASURE_VALUES)) {
      await expectText(measure(page, code).locator('.pb-measure__subtotal'), `Value of this measure: ${value}`, 100);
    }
  });
}

/** Opens the demo tender from the list of open tenders and checks its measures. */
async function openDemoTender(page) {
  await page.goto(`${session.server.baseUrl}/tenders`);
  await page.getByRole('heading', { level: 1, name: 'Open tenders' }).waitFor();
  await page.getByLabel('Search', { exact: true }).fill('DEMO-2027-001');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/\/tenders\?.*words=DEMO-2027-001/);
  await expectText(page.getByRole('status'), '1 open tender');
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.getByRole('link', { name: DEMO_TENDER }).click();
  await page.waitForURL(/\/tenders\/\d+$/);
  await page.getByRole('heading', { level: 1, name: DEMO_TENDER }).waitFor();
  await page.getByRole('heading', { name: 'Measures for this tender (15)' }).waitFor();
  for (const [theme, codes] of Object.entries(TENDER_MEASURES)) {
    const table = page.getByRole('table', { name: theme, exact: true });
    const shown = (await table.getByRole('row').all()).slice(1);
    const seen = [];
    for (const row of shown) seen.push((await row.getByRole('cell').first().textContent()).trim());
    assert.deepEqual(seen, codes, `${theme} measures in the demo tender`);
  }
  assert.deepEqual(await accessibilityViolations(page), []);
}

/** From the check page: submit without the attestation (refused), then with it; the receipt. */
async function checkAndSubmit(page) {
  await page.waitForURL(/\/offers\/\d+\/check$/);
  await page.getByRole('heading', { level: 1, name: 'Check your offer before submitting it' }).waitFor();
  // The server's own figures: the same literals the WASM showed.
  assert.deepEqual(await figures(page.getByRole('table', { name: "Your offer's figures" })), {
    'Total social value': TOTAL,
    'Per £1 of contract value': RATIO,
    'Indicative score': SCORE,
    ...BY_YEAR,
    ...BY_THEME,
  });
  for (const [theme, values] of [
    ['Jobs', LINE_VALUES.slice(0, 3)],
    ['Growth', [LINE_VALUES[3]]],
    ['Environment', [LINE_VALUES[4]]],
    ['Social', [LINE_VALUES[5]]],
  ]) {
    const table = page.getByRole('table', { name: theme, exact: true });
    assert.equal(await table.getByRole('row').count(), values.length + 1, `${theme} lines`);
    for (const value of values) await table.getByRole('cell', { name: value, exact: true }).waitFor();
  }
  await page.getByText(ENV_2_RESPONSE).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);

  await page.getByRole('button', { name: 'Submit offer' }).click();
  const message = 'Confirm that this offer is accurate and that your organisation can deliver it';
  await page.getByRole('alert').getByRole('link', { name: message }).waitFor();
  const attestation = page.getByLabel('I confirm that this offer is accurate and that my organisation can deliver it');
  assert.equal(await attestation.isChecked(), false);
  await page.locator('.govuk-error-message', { hasText: message }).waitFor();
  assert.match(await page.title(), /^Error: /);
  assert.deepEqual(await accessibilityViolations(page), []);

  await attestation.check();
  await page.getByRole('button', { name: 'Submit offer' }).click();
  await page.waitForURL(/\/offers\/\d+\/submissions\/\d+$/);
  await page.getByRole('heading', { level: 1, name: 'Offer submitted' }).waitFor();
  const panel = (await page.getByRole('heading', { level: 1, name: 'Offer submitted' }).locator('..').textContent()).trim();
  const reference = panel.match(/Your reference\s*(\S+)/)?.[1];
  assert.match(reference ?? panel, REFERENCE);
  await page.getByText(`Total social value ${TOTAL}, £0.18 per £1 (18%). Indicative quantitative score ${SCORE}`).waitFor();
  assert.equal(
    (await figures(page.getByRole('table', { name: "Your offer's figures" })))['Total social value'],
    TOTAL,
  );
  assert.deepEqual(await accessibilityViolations(page), []);
  return reference;
}

describe('a supplier builds and submits an offer', () => {
  test('with JavaScript on: live figures from the WASM, autosave, check and submit', async () => {
    const { page, context, consoleErrors } = await openPage(session.browser, { javaScript: true });
    await signIn(page, 'bids@example-facilities.example');
    await openDemoTender(page);
    await page.getByRole('button', { name: 'Start your offer' }).click();
    await page.waitForURL(/\/offers\/\d+$/);
    const offerUrl = page.url();
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: 'Your social value offer' }).waitFor();
    for (const theme of Object.keys(TENDER_MEASURES)) await page.getByRole('heading', { level: 2, name: theme, exact: true }).waitFor();
    const offer = page.getByRole('region', { name: 'Your offer' });
    await expectText(offer.getByRole('status'), 'Not saved yet');
    await expectBuilderFigures(page, { total: '£0.00', ratio: '£0.00 per £1 (0%)', score: '0 of 7' });
    assert.deepEqual(await accessibilityViolations(page), []);

    // Every line but SOC-1's, typed key by key; each line shows its value as it is typed.
    for (const [i, line] of LINES.entries()) {
      if (line.code === 'SOC-1') continue;
      const box = yearBox(page, line.code, line.year);
      await box.pressSequentially(line.typed);
      await expectText(box.locator('xpath=following-sibling::*[1]'), LINE_VALUES[i]);
    }
    // 356,305.72 ÷ 2,000,000 = 0.17815286 → £0.18, 18 %; 7 × 0.17815286 ÷ 0.25 = 4.98828008 → 4.99
    await expectBuilderFigures(page, { total: TOTAL_WITHOUT_SOC_1, ratio: '£0.18 per £1 (18%)', score: '4.99 of 7' });

    // A negative quantity: a message beside the box, and the totals leave the line out.
    const soc1 = yearBox(page, 'SOC-1', 3);
    await soc1.pressSequentially('-1');
    await eventually(async () => assert.equal(await describedError(page, soc1), 'Error: Enter a quantity of 0 or more'));
    await expectText(soc1.locator('xpath=following-sibling::*[1]'), '£0.00');
    await expectBuilderFigures(page, { total: TOTAL_WITHOUT_SOC_1, ratio: '£0.18 per £1 (18%)', score: '4.99 of 7' });
    assert.deepEqual(await accessibilityViolations(page), []);
    await soc1.fill('');
    await soc1.pressSequentially('10.03');
    await eventually(async () => assert.equal(await describedError(page, soc1), ''));
    await expectText(soc1.locator('xpath=following-sibling::*[1]'), '£175.53');
    await expectBuilderFigures(page);
    // Nothing was posted: the figures came from the WASM.
    assert.equal(page.url(), offerUrl);

    // Delivery plans and a written response; the draft then saves itself.
    for (const [code, plan] of Object.entries(PLANS)) await measure(page, code).getByLabel('How you will deliver it').fill(plan);
    await measure(page, 'ENV-2').getByLabel('Your response').fill(ENV_2_RESPONSE);
    await expectText(offer.getByRole('status'), 'Unsaved changes', 900);
    await eventually(async () => assert.match((await offer.getByRole('status').textContent()).trim(), /^Draft saved: \S.* on \S/), 10_000);
    assert.deepEqual(await accessibilityViolations(page), []);

    // A reload shows what was typed, and the same figures.
    await page.reload();
    await waitForHydration(page);
    for (const line of LINES) assert.equal(await yearBox(page, line.code, line.year).inputValue(), line.typed, `${line.code} year ${line.year}`);
    assert.equal(await yearBox(page, 'GRO-1', 2).inputValue(), '');
    for (const [code, plan] of Object.entries(PLANS)) assert.equal(await measure(page, code).getByLabel('How you will deliver it').inputValue(), plan);
    assert.equal(await measure(page, 'ENV-2').getByLabel('Your response').inputValue(), ENV_2_RESPONSE);
    assert.match((await offer.getByRole('status').textContent()).trim(), /^Draft saved: /);
    await expectBuilderFigures(page);

    await page.getByRole('button', { name: 'Continue to check your offer' }).click();
    await checkAndSubmit(page);

    // The tender page now leads to the submitted offer.
    await openDemoTender(page);
    await page.getByRole('link', { name: 'View your submitted offer' }).waitFor();
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  test('with JavaScript off: the form posts, the server computes the same figures', async () => {
    const { page, context } = await openPage(session.browser, { javaScript: false });
    await signIn(page, 'hello@riverside-trust.example');
    await openDemoTender(page);
    await page.getByRole('button', { name: 'Start your offer' }).click();
    await page.waitForURL(/\/offers\/\d+$/);
    await page.getByRole('heading', { level: 1, name: 'Your social value offer' }).waitFor();
    await expectText(page.getByRole('region', { name: 'Your offer' }).getByRole('status'), 'Not saved yet');

    // First with a mistake: SOC-1 year 3 is -1.
    for (const line of LINES) await yearBox(page, line.code, line.year).fill(line.code === 'SOC-1' ? '-1' : line.typed);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/offers\/\d+\?saved$/);
    await page.getByText('Your draft has been saved.').waitFor();
    const soc1 = yearBox(page, 'SOC-1', 3);
    assert.equal(await soc1.inputValue(), '-1', 'what was typed is kept');
    assert.equal(await describedError(page, soc1), 'Error: Enter a quantity of 0 or more');
    await page.getByRole('alert').getByRole('link', { name: 'Enter a quantity of 0 or more' }).waitFor();
    await expectBuilderFigures(page, { total: TOTAL_WITHOUT_SOC_1, ratio: '£0.18 per £1 (18%)', score: '4.99 of 7' });
    assert.deepEqual(await accessibilityViolations(page), []);

    // Fixed, with the plans and the written response.
    await soc1.fill('10.03');
    for (const [code, plan] of Object.entries(PLANS)) await measure(page, code).getByLabel('How you will deliver it').fill(plan);
    await measure(page, 'ENV-2').getByLabel('Your response').fill(ENV_2_RESPONSE);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/offers\/\d+\?saved$/);
    await page.getByText('Your draft has been saved.').waitFor();
    assert.equal(await page.getByText('There is a problem').count(), 0, 'no problems left');
    assert.equal(await describedError(page, yearBox(page, 'SOC-1', 3)), '');
    for (const line of LINES) assert.equal(await yearBox(page, line.code, line.year).inputValue(), line.typed);
    for (const [i, line] of LINES.entries()) {
      await expectText(yearBox(page, line.code, line.year).locator('xpath=following-sibling::*[1]'), LINE_VALUES[i]);
    }
    await expectBuilderFigures(page);
    assert.match((await page.getByRole('region', { name: 'Your offer' }).getByRole('status').textContent()).trim(), /^Draft saved: \S.* on \S/);
    assert.deepEqual(await accessibilityViolations(page), []);

    await page.getByRole('button', { name: 'Continue to check your offer' }).click();
    await checkAndSubmit(page);
    await context.close();
  });
});

// ---- The builder keeps its figures in view, and each measure's guidance to hand -------------

const NORTHFIELD = 'tenders@northfield-works.example';
// INN-3, the tender's last measure: free digital skills sessions, whole numbers, £220 each.
const INN_3_GUIDANCE = 'One session is at least one hour with a group, held in a community venue or online.';
const INN_3_EVIDENCE = 'Session plan and attendance count confirmed by the host venue or partner.';

/** Northfield's offer on the demo tender: its draft if the other run of this test began one. */
async function openNorthfieldDraft(page, javaScript) {
  await signIn(page, NORTHFIELD);
  await openDemoTender(page);
  const start = page.getByRole('button', { name: 'Start your offer' });
  if ((await start.count()) > 0) await start.click();
  else await page.getByRole('link', { name: 'Continue your offer' }).click();
  await page.waitForURL(/\/offers\/\d+$/);
  if (javaScript) await waitForHydration(page);
  await page.getByRole('heading', { level: 1, name: 'Your social value offer' }).waitFor();
}

/** The total in the "Your offer" panel beside (or, on narrow screens, after) the form. */
function panelTotal(page) {
  return page
    .getByRole('region', { name: 'Your offer' })
    .getByRole('table', { name: "Your offer's figures" })
    .getByRole('row', { name: /^Total social value/ })
    .getByRole('cell');
}

/** The compact bar of figures that narrow screens show at the foot of the window. */
function figuresBar(page) {
  return page.getByRole('group', { name: 'Your offer so far' });
}

/** The bar's figures as { term: value }. */
async function barFigures(bar) {
  const terms = (await bar.getByRole('term').allTextContents()).map((t) => t.trim());
  const values = (await bar.getByRole('definition').allTextContents()).map((t) => t.trim());
  return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
}

/** Fails unless the whole of `locator`'s box lies inside the window. */
async function expectInWindow(page, locator, what) {
  const { width, height } = page.viewportSize();
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is shown`);
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
  assert.ok(inside, `${what}: ${JSON.stringify(box)} lies inside the ${width}×${height} window`);
}

/** Tabs from the first box to the builder's buttons. At every field: `total` is in the window
 * and, when `bar` is given, the field is in the window and not under the bar (WCAG 2.2 2.4.11).
 * Returns what was focused, in order (ids, or the text of summaries). */
async function tabThroughTheBuilder(page, total, bar) {
  await yearBox(page, 'JOB-1', 1).click();
  const focused = page.locator(':focus');
  const visited = [];
  for (let stop = 0; stop < 200; stop += 1) {
    const name = (await focused.getAttribute('id')) ?? (await focused.textContent()).trim();
    if (name === 'Continue to check your offer') return visited;
    visited.push(name);
    // A link in the figures panel itself (the glossary's "target"): the window shows the panel
    // then, and the compact bar steps aside for it.
    if (await focused.evaluate((el) => el.closest('.pb-figures') !== null)) {
      await eventually(() => expectInWindow(page, focused, `${name} in the figures panel, focused`), 2_000);
      await page.keyboard.press('Tab');
      continue;
    }
    await eventually(async () => {
      await expectInWindow(page, total, `the total, with ${name} focused`);
      if (!bar) return;
      await expectInWindow(page, focused, `${name}, focused`);
      const [field, under] = [await focused.boundingBox(), await bar.boundingBox()];
      const clear = field.y + field.height <= under.y + 0.5 || field.y >= under.y + under.height - 0.5;
      assert.ok(clear, `${name} ${JSON.stringify(field)} is not under the bar ${JSON.stringify(under)}`);
    }, 2_000);
    await page.keyboard.press('Tab');
  }
  assert.fail('Tab never reached the builder’s buttons');
}

describe('the builder keeps its figures in view and each measure’s guidance to hand', () => {
  for (const javaScript of [true, false]) {
    test(`with JavaScript ${javaScript ? 'on' : 'off'}`, async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      await page.setViewportSize({ width: 1280, height: 800 });
      await openNorthfieldDraft(page, javaScript);
      const inn3 = measure(page, 'INN-3');
      const bar = figuresBar(page);
      const total = panelTotal(page);

      // The guidance and the evidence required, in a details component that opens natively.
      const guidance = inn3.getByText(INN_3_GUIDANCE);
      assert.equal(await guidance.isVisible(), false, 'closed at first');
      await inn3.getByText('Guidance and evidence required for INN-3').click();
      await guidance.waitFor();
      await inn3.getByText(INN_3_EVIDENCE).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);

      if (!javaScript) {
        // The server's figures: INN-3 for 5 sessions in year 1 (5 × £220), year 2 emptied.
        await yearBox(page, 'INN-3', 1).fill('5');
        await yearBox(page, 'INN-3', 2).fill('');
        await page.getByRole('button', { name: 'Save draft' }).click();
        await page.waitForURL(/\/offers\/\d+\?saved$/);
        await page.getByText('Your draft has been saved.').waitFor();
      }

      // Wide: the panel beside the form stays in the window from the first box to the last.
      assert.equal(await bar.isVisible(), false, 'no bar beside the panel');
      const visited = await tabThroughTheBuilder(page, total);
      assert.ok(visited.includes(await yearBox(page, 'INN-3', 1).getAttribute('id')), 'down to the last measure');
      await inn3.getByLabel('How you will deliver it').scrollIntoViewIfNeeded();
      await expectInWindow(page, inn3.getByLabel('How you will deliver it'), 'the last measure');
      const first = await measure(page, 'JOB-1').boundingBox();
      assert.ok(first.y + first.height < 0, 'the first measure has scrolled out of the window');
      if (javaScript) {
        await yearBox(page, 'INN-3', 1).fill('');
        await yearBox(page, 'INN-3', 1).pressSequentially('4');
        await expectText(total, '£880.00'); // 4 × £220
      } else {
        await expectText(total, '£1,100.00');
      }
      await expectInWindow(page, total, 'the total after typing in the last measure');
      assert.deepEqual(await accessibilityViolations(page), []);

      // Narrow: a compact bar at the foot of the window, never over the field with focus.
      await page.setViewportSize({ width: 320, height: 640 });
      await bar.waitFor();
      const barTotal = bar.getByRole('definition').first();
      assert.deepEqual(Object.keys(await barFigures(bar)), ['Total', 'Per £1', 'Of target', 'Score']);
      // No taller than the room the window keeps for it below a focused field (6rem).
      const barHeight = (await bar.boundingBox()).height;
      assert.ok(barHeight <= 96, `the bar is compact: ${barHeight}px`);
      const narrowVisited = await tabThroughTheBuilder(page, barTotal, bar);
      assert.deepEqual(narrowVisited, visited, 'the same fields, in the same order');
      // Back up from the buttons (below the full panel) to the last measure.
      await yearBox(page, 'INN-3', 2).scrollIntoViewIfNeeded();
      if (javaScript) {
        await yearBox(page, 'INN-3', 2).fill('');
        await yearBox(page, 'INN-3', 2).pressSequentially('1');
        await expectText(barTotal, '£1,100.00'); // 5 sessions × £220
        await expectText(total, '£1,100.00');
      }
      await expectInWindow(page, barTotal, 'the bar’s total in the last measure');
      // 1,100 ÷ 2,000,000 = 0.00055 → £0.00 per £1, 0 % of the target; 7 × 0.0022 = 0.0154 → 0.02
      assert.deepEqual(await barFigures(bar), { Total: '£1,100.00', 'Per £1': '£0.00', 'Of target': '0%', Score: '0.02 of 7' });
      assert.deepEqual(await accessibilityViolations(page), []);
      if (javaScript) {
        // Both boxes were typed: the draft saves itself, for the run with JavaScript off.
        const status = page.getByRole('region', { name: 'Your offer' }).getByRole('status');
        await eventually(async () => assert.match((await status.textContent()).trim(), /^Draft saved: /), 10_000);
        assert.deepEqual(consoleErrors, []);
      }
      await context.close();
    });
  }
});

describe('a council officer creates, prepares and opens a tender', () => {
  for (const javaScript of [true, false]) {
    test(`with JavaScript ${javaScript ? 'on' : 'off'}`, async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      const reference = javaScript ? 'DEMO-T-1' : 'DEMO-T-2';
      const title = `Street lighting renewal (${javaScript ? 'JS' : 'no JS'})`;
      const deadline = new Date(Date.now() + 20 * 86_400_000);
      const startYear = String(deadline.getUTCFullYear() + 1);
      await signIn(page, ADMIN);
      await page.goto(`${session.server.baseUrl}/manage/tenders`);
      if (javaScript) await waitForHydration(page);
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByRole('link', { name: 'Create a tender' }).click();
      await page.waitForURL(/\/manage\/new-tender$/);

      // Every answer, one of them wrong.
      await page.getByLabel('Reference', { exact: true }).fill(reference);
      await page.getByLabel('Title', { exact: true }).fill(title);
      await page.getByLabel('What the contract is for', { exact: true }).fill('Replacing 4,000 street lights with LED lanterns.');
      await page.getByLabel('Contract value (£)', { exact: true }).fill('two million');
      await page.getByLabel('Length of the contract in years', { exact: true }).fill('4');
      const starts = page.getByRole('group', { name: 'When the contract starts' });
      await starts.getByLabel('Day').fill('1');
      await starts.getByLabel('Month').fill('4');
      await starts.getByLabel('Year').fill(startYear);
      const closes = page.getByRole('group', { name: 'Deadline for offers' });
      await closes.getByLabel('Day').fill(String(deadline.getUTCDate()));
      await closes.getByLabel('Month').fill(String(deadline.getUTCMonth() + 1));
      await closes.getByLabel('Year').fill(String(deadline.getUTCFullYear()));
      await page.getByLabel('Time offers must be in by', { exact: true }).fill('12pm');
      const framework = page.getByLabel('Measures framework', { exact: true });
      const choice = (await framework.getByRole('option').allTextContents()).find((o) => o.includes('Pledgebook demo framework'));
      assert.ok(choice, 'the demo framework can be chosen');
      await framework.selectOption({ label: choice });
      await page.getByLabel('Target social value per £1 of contract value (£)', { exact: true }).fill('0.3');
      await page.getByLabel('Social value weighting (%)', { exact: true }).fill('15');
      await page.getByLabel('Quantitative part of the social value weighting (%)', { exact: true }).fill('60');
      await page.getByRole('group', { name: 'How the quantitative offer is scored' }).getByLabel('Against the best offer').check();
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByRole('button', { name: 'Save and continue' }).click();

      const message = 'Enter the contract value in pounds, like 1,200,000';
      await page.getByRole('alert').getByRole('link', { name: message }).waitFor();
      assert.equal(await page.getByRole('alert').getByRole('link').count(), 1, 'only the wrong answer is flagged');
      assert.equal(await describedError(page, page.getByLabel('Contract value (£)', { exact: true })), `Error: ${message}`);
      assert.match(await page.title(), /^Error: /);
      // What was typed is kept.
      assert.equal(await page.getByLabel('Reference', { exact: true }).inputValue(), reference);
      assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), title);
      assert.equal(await page.getByLabel('Contract value (£)', { exact: true }).inputValue(), 'two million');
      assert.equal(await page.getByLabel('Length of the contract in years', { exact: true }).inputValue(), '4');
      assert.equal(await starts.getByLabel('Year').inputValue(), startYear);
      assert.equal(await page.getByLabel('Time offers must be in by', { exact: true }).inputValue(), '12pm');
      assert.equal(await page.getByLabel('Target social value per £1 of contract value (£)', { exact: true }).inputValue(), '0.3');
      assert.equal(await page.getByLabel('Against the best offer', { exact: true }).isChecked(), true);
      assert.equal((await framework.locator('option:checked').textContent()).trim(), choice);
      assert.deepEqual(await accessibilityViolations(page), []);

      await page.getByLabel('Contract value (£)', { exact: true }).fill('1,500,000');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(/\/manage\/tenders\/\d+\?created$/);
      const tenderUrl = page.url().replace('?created', '');
      await page.getByText('Tender created. Now choose its measures.').waitFor();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByText('Choose at least one measure for bidders to offer').waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);

      // Measures, found with the search: ENV-1 under "carbon", then JOB-4 under "apprenticeship".
      for (const [words, code, theme, other] of [
        ['carbon', 'ENV-1', 'Environment', 'JOB-4'],
        ['apprenticeship', 'JOB-4', 'Jobs', 'ENV-1'],
      ]) {
        await page.getByLabel('Search measures', { exact: true }).fill(words);
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.waitForURL(new RegExp(`words=${words}`));
        await page.getByText(new RegExp(`^\\d+ measures match “${words}”`)).waitFor();
        const box = page.getByLabel(new RegExp(`^${code} ${theme}: `));
        assert.equal(await page.getByLabel(new RegExp(`^${other} `)).count(), 0, `${other} does not match “${words}”`);
        await box.check();
        await page.getByRole('button', { name: 'Save the chosen measures' }).click();
        await page.waitForURL(/\?saved(#measures)?$/);
        await page.getByText('Your changes have been saved.').waitFor();
      }
      await page.getByText(/^2 of \d+ chosen\.$/).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);

      await page.getByRole('button', { name: 'Open the tender to bidders' }).click();
      await page.waitForURL(/\?opened$/);
      await page.getByText('The tender is open. Suppliers can now make offers.').waitFor();
      await page.getByRole('heading', { name: 'Measures (2)' }).waitFor();
      assert.equal(page.url(), `${tenderUrl}?opened`);

      // Listed among the open tenders, for anyone.
      await page.goto(`${session.server.baseUrl}/tenders`);
      await page.getByLabel('Search', { exact: true }).fill(reference);
      await page.getByLabel('Measures in theme', { exact: true }).selectOption('Environment');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/\/tenders\?/);
      await expectText(page.getByRole('status'), '1 open tender');
      await page.getByRole('link', { name: title }).click();
      await page.waitForURL(/\/tenders\/\d+$/);
      await page.getByRole('heading', { name: 'Measures for this tender (2)' }).waitFor();
      await page.getByText('£1,500,000.00').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();
    });
  }
});
