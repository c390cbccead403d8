// The public social value calculator, as a person uses it: with JavaScript on (live figures
// from the WASM) and with JavaScript off (the form posts and the server computes).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityViolations,
  expectText,
  useServerAndBrowser,
  openPage,
  waitForHydration,
} from './support.mjs';

const session = useServerAndBrowser();

describe('calculator with JavaScript on', () => {
  test('shows the value live as a quantity is typed, computed in the browser', async () => {
    const { page, context, consoleErrors } = await openPage(session.browser, { javaScript: true });
    await page.goto(`${session.server.baseUrl}/calculator`);
    await waitForHydration(page);

    const value = page.getByRole('status');
    await expectText(value, '£0.00');

    await page.getByLabel('Measure').selectOption({ label: 'SJ1 Jobs: Local residents employed on the contract' });
    await page.getByLabel('Quantity').pressSequentially('12.5');
    await expectText(value, '£306,250.00');

    // Another measure: 1,000.33 × £0.1825 = £182.560225, rounded to £182.56.
    await page.getByLabel('Measure').selectOption('SG1');
    await page.getByLabel('Quantity').fill('');
    await page.getByLabel('Quantity').pressSequentially('1,000.33');
    await expectText(value, '£182.56');

    // Nothing was sent to the server: the figure came from the WASM.
    assert.equal(new URL(page.url()).search, '');

    // A fraction where the unit needs whole numbers: a message beside the field, text kept.
    await page.getByLabel('Measure').selectOption('SJ2');
    await page.getByLabel('Quantity').fill('2.5');
    await expectText(page.locator('#quantity-error'), 'Error: Enter a whole number: this unit cannot be split');
    assert.equal(await page.getByLabel('Quantity').inputValue(), '2.5');
    await expectText(value, '£0.00');

    assert.deepEqual(await accessibilityViolations(page), []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });
});

describe('calculator with JavaScript off', () => {
  test('the form is sent and the server shows the same figure', async () => {
    const { page, context } = await openPage(session.browser, { javaScript: false });
    await page.goto(`${session.server.baseUrl}/calculator`);
    await page.getByLabel('Measure').selectOption('SJ1');
    await page.getByLabel('Quantity').fill('12.5');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.waitForURL(/quantity=12.5/);
    await expectText(page.getByRole('status'), '£306,250.00');
    assert.deepEqual(await accessibilityViolations(page), []);
    await context.close();
  });

  test('bad input gets an error summary and a message beside the field, keeping the text', async () => {
    const { page, context } = await openPage(session.browser, { javaScript: false });
    await page.goto(`${session.server.baseUrl}/calculator`);
    await page.getByLabel('Measure').selectOption('SJ2');
    await page.getByLabel('Quantity').fill('2.5');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.waitForURL(/quantity=2.5/);

    const summary = page.getByRole('alert');
    await expectText(summary.getByRole('heading'), 'There is a problem');
    const link = summary.getByRole('link', { name: 'Enter a whole number: this unit cannot be split' });
    assert.equal(await link.getAttribute('href'), '#quantity');
    assert.equal(await page.getByLabel('Quantity').inputValue(), '2.5');
    assert.equal(await page.getByLabel('Measure').inputValue(), 'SJ2');
    assert.match(await page.title(), /^Error: /);
    assert.deepEqual(await accessibilityViolations(page), []);
    await context.close();
  });
});
