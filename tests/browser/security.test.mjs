// Two-factor sign-in as council staff meet it, with JavaScript on and off: an officer with no
// authenticator yet sets one up at sign-in and saves the recovery codes; signs in again with a
// code (a wrong one first); then with a recovery code; and sees where they are signed in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, freshCode, openPage, useServerAndBrowser, waitForHydration } from './support.mjs';

const PASSWORD = 'pledgebook demo only';
const OFFICERS = { true: 'marker.one@demo-council.example', false: 'marker.two@demo-council.example' };

// Both markers start without two-factor, as a newly invited officer does.
const session = useServerAndBrowser({
  seedDemo: true,
  afterSeed: Object.values(OFFICERS).map(
    (email) => `UPDATE app_user SET totp_secret = NULL, totp_enabled_at = NULL WHERE email = '${email}'`,
  ),
});

async function expectAccessible(page) {
  assert.deepEqual(await accessibilityViolations(page), []);
}

async function givePassword(page, email) {
  await page.goto(`${session.server.baseUrl}/sign-in`);
  await fillPassword(page, email);
}

/** Signs in on the sign-in page already open (it may carry the page to return to). */
async function fillPassword(page, email) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

for (const javaScript of [true, false]) {
  describe(`two-factor sign-in with JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const email = OFFICERS[javaScript];

    test('an officer sets up two-factor, then signs in with a code and with a recovery code', async () => {
      const { page, context, consoleErrors } = await openPage(session.browser, { javaScript });
      await givePassword(page, email);

      // Set-up comes first: nothing else opens until it is done.
      await page.waitForURL(/\/two-factor\/set-up$/);
      await page.getByRole('heading', { level: 1, name: 'Set up two-factor sign-in' }).waitFor();
      if (javaScript) await waitForHydration(page);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Start set-up' }).click();
      await page.getByRole('img', { name: `QR code to add ${email} to an authenticator app` }).waitFor();
      const key = (await page.locator('#secret-key').textContent()).trim();
      assert.match(key, /^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/, 'the key as text, for people who cannot scan');
      await expectAccessible(page);

      const account = `${session.server.baseUrl} ${email}`;
      await page.getByLabel('Code', { exact: true }).fill(await freshCode(account, key));
      await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
      const codes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
      assert.equal(codes.length, 10);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'I have saved my recovery codes' }).click();
      await page.waitForURL(/\/account$/);
      await page.getByText('On. Recovery codes left: 10').waitFor();

      // Signing in again: the password, then a code (a wrong one first).
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForURL(`${session.server.baseUrl}/`);
      // The account page asks for sign-in, and sign-in comes back to it through the code step.
      await page.goto(`${session.server.baseUrl}/account`);
      await page.waitForURL(/\/sign-in\?return_to=%2Faccount$/);
      await fillPassword(page, email);
      await page.waitForURL(/\/sign-in\/code\?return_to=%2Faccount$/);
      await page.getByLabel('Code', { exact: true }).fill('000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page
        .getByRole('alert')
        .getByRole('link', { name: 'Enter the 6-digit code your authenticator app shows now' })
        .waitFor();
      assert.match(await page.title(), /^Error: /);
      await expectAccessible(page);
      await page.getByLabel('Code', { exact: true }).fill(await freshCode(account, key));
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\/account$/);
      const sessions = page.getByRole('table', { name: 'Where you are signed in' });
      await sessions.getByRole('cell', { name: /\(this browser\)$/ }).waitFor();
      await expectAccessible(page);

      // And with a recovery code instead of the app.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForURL(`${session.server.baseUrl}/`);
      // The account page asks for sign-in, and sign-in comes back to it through the code step.
      await page.goto(`${session.server.baseUrl}/account`);
      await page.waitForURL(/\/sign-in\?return_to=%2Faccount$/);
      await fillPassword(page, email);
      await page.waitForURL(/\/sign-in\/code\?return_to=%2Faccount$/);
      await page.getByRole('link', { name: 'I cannot use my authenticator app' }).click();
      await page.waitForURL(/\/sign-in\/recovery-code\?return_to=%2Faccount$/);
      await expectAccessible(page);
      await page.getByLabel('Recovery code').fill(codes[0].trim());
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\/account$/);
      await page.getByText('On. Recovery codes left: 9').waitFor();
      if (javaScript) assert.deepEqual(consoleErrors, []);
      await context.close();
    });
  });
}
