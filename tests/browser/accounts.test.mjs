// Registering a supplier and signing in, as a bid writer does it: with JavaScript on and off.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, expectText, useServerAndBrowser, openPage, waitForHydration } from './support.mjs';

const session = useServerAndBrowser();

const PASSWORD = 'three unrelated words';

async function fillRegistration(page, email, { postcode = 'CM1 1AA' } = {}) {
  await page.getByLabel('Organisation name').fill('Acme Cleaning Ltd');
  await page.getByLabel('Companies House number (optional)').fill('01234567');
  await page.getByLabel('Postcode of your main office').fill(postcode);
  await page.getByLabel('A small or medium-sized enterprise (SME)').check();
  await page.getByLabel('Full name').fill('Sam Supplier');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Create a password').fill(PASSWORD);
}

for (const javaScript of [true, false]) {
  describe(`accounts with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const email = `sam-${javaScript ? 'js' : 'nojs'}@example.org`;

    test('a supplier registers, fixes a mistake, and lands on their account', async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      await page.goto(`${session.server.baseUrl}/register`);
      if (javaScript) await waitForHydration(page);
      await fillRegistration(page, email, { postcode: 'nowhere' });
      await page.getByRole('button', { name: 'Register' }).click();

      const summary = page.getByRole('alert');
      await expectText(summary.getByRole('heading'), 'There is a problem');
      const link = summary.getByRole('link', { name: 'Enter a full UK postcode, like CM1 1AA' });
      assert.equal(await link.getAttribute('href'), '#postcode');
      assert.equal(await page.getByLabel('Organisation name').inputValue(), 'Acme Cleaning Ltd');
      assert.equal(await page.getByLabel('Create a password').inputValue(), '', 'passwords are not sent back');
      assert.deepEqual(await accessibilityViolations(page), []);

      await page.getByLabel('Postcode of your main office').fill('CM1 1AA');
      await page.getByLabel('Create a password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Register' }).click();
      // A new account lands on the home page, with its next steps.
      await page.waitForURL(`${session.server.baseUrl}/`);
      await expectText(page.getByRole('heading', { level: 1 }), 'Your next steps');
      await page.getByText('You have no offers in draft.').waitFor();
      await page.getByRole('link', { name: 'Your account', exact: true }).first().click();
      await expectText(page.getByRole('heading', { level: 1 }), 'Your account');
      const organisation = page.locator('dd', { hasText: 'Acme Cleaning Ltd' });
      await organisation.waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();
    });

    test('signing in with a wrong password, then the right one, then signing out', async () => {
      const { page, context } = await openPage(session.browser, { javaScript });
      await page.goto(`${session.server.baseUrl}/sign-in`);
      if (javaScript) await waitForHydration(page);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'Enter a correct email address and password' }).waitFor();
      assert.equal(await page.getByLabel('Email address').inputValue(), email);
      assert.match(await page.title(), /^Error: Sign in/);
      assert.deepEqual(await accessibilityViolations(page), []);

      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${session.server.baseUrl}/`);
      await page.getByText('Sam Supplier', { exact: true }).waitFor();
      await page.getByRole('link', { name: 'Your account', exact: true }).first().click();

      // As the supplier's administrator, invite a colleague from the team page.
      await page.getByRole('link', { name: 'Manage your team' }).click();
      await page.waitForURL(/\/team$/);
      await page.getByRole('table', { name: 'People in your organisation' }).getByRole('cell', { name: email }).waitFor();
      await page.getByLabel('Their email address').fill(`colleague-${javaScript ? 'js' : 'nojs'}@example.org`);
      await page.getByLabel('Supplier team member').check();
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.waitForURL(/\/team\?invited$/);
      await page.getByText('Invitation sent. The link works once, for 7 days.').waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${session.server.baseUrl}/`);
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sign in' }).waitFor();
      await page.goto(`${session.server.baseUrl}/account`);
      await page.waitForURL(/\/sign-in\?return_to=%2Faccount$/);
      await context.close();
    });
  });
}
