// Shared pieces of the browser journeys: a real server on a free port with a fresh SQLite
// database, Debian's headless Chromium through playwright-core, and accessibility checks (axe-core
// and HTML_CodeSniffer).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const repo = resolve(import.meta.dirname, '../..');
const serverBinary = process.env.PLEDGEBOOK_BIN ?? join(repo, 'target/release/pledgebook');

/** Starts `pledgebook serve` on port 0 against a fresh database (with the demo data if
 * `seedDemo`, then the SQL statements in `afterSeed`, run with Python's sqlite3); resolves with
 * its base URL. */
export async function startServer({ seedDemo = false, afterSeed = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pledgebook-browser-'));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(dataDir, 'test.sqlite')}?mode=rwc`,
    EVIDENCE_DIR: join(dataDir, 'evidence'),
    // The server generates its TOTP key here (seed-demo and serve share it).
    DATA_DIR: dataDir,
    LISTEN_ADDR: '127.0.0.1:0',
    SITE_ROOT: join(repo, 'target/site'),
    LOG_LEVEL: 'info',
    NO_COLOR: '1',
  };
  if (seedDemo) {
    const seeded = spawnSync(serverBinary, ['seed-demo'], { cwd: repo, env, encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stdout}${seeded.stderr}`);
  }
  runSql(dataDir, afterSeed);
  const child = spawn(serverBinary, ['serve'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const baseUrl = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    baseUrl,
    /** Runs SQL statements on the server's database as it runs (SQLite in WAL allows it). */
    sql: (statements) => runSql(dataDir, statements),
    /** The rows a query returns, as arrays of values. */
    rows: (query) => queryRows(dataDir, query),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done() : child.on('exit', done)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs SQL statements, in one transaction, on the test database in `dataDir`. */
function runSql(dataDir, statements) {
  if (statements.length === 0) return;
  const script = 'import sqlite3, sys\nwith sqlite3.connect(sys.argv[1]) as db:\n    for sql in sys.argv[2:]: db.execute(sql)\n';
  const ran = spawnSync('python3', ['-c', script, join(dataDir, 'test.sqlite'), ...statements], { encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`SQL on the test database failed:\n${ran.stderr}`);
}

function queryRows(dataDir, query) {
  const script = 'import json, sqlite3, sys\nwith sqlite3.connect(sys.argv[1]) as db:\n    print(json.dumps(db.execute(sys.argv[2]).fetchall()))\n';
  const ran = spawnSync('python3', ['-c', script, join(dataDir, 'test.sqlite'), query], { encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`SQL on the test database failed:\n${ran.stderr}`);
  return JSON.parse(ran.stdout);
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Where the HTML of every page the journeys visit is kept, as the server sent it, for the
// W3C Nu Html Checker (tests/html/validate.mjs) that the test command runs afterwards.
const htmlDir = process.env.PLEDGEBOOK_HTML_DIR;
let pagesKept = 0;

async function keepHtml(response) {
  if (response.request().resourceType() !== 'document' || response.status() >= 300) return;
  if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
  try {
    const html = await response.text();
    const name = new URL(response.url()).pathname.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
    pagesKept += 1;
    writeFileSync(join(htmlDir, `${process.pid}-${String(pagesKept).padStart(4, '0')}-${name.slice(0, 80)}.html`), html);
  } catch {
    // The page went away before its body was read (a quick redirect); nothing to check.
  }
}

/** A page with JavaScript on (the WASM hydrates) or off (server-rendered forms only). */
export async function openPage(browser, { javaScript }) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  if (!javaScript) pagesWithoutJavaScript.add(page);
  const consoleErrors = [];
  // The documents this page loaded, with their policy: a refused script then names its page.
  const documents = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document') return;
    const policy = response.headers()['content-security-policy'] ?? '(none)';
    documents.push(`${response.request().method()} ${response.url()} ${response.status()} nonce=${/'nonce-/.test(policy)}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url || page.url();
    const recent = /Content Security Policy/.test(message.text()) ? `; documents: ${documents.slice(-4).join(' | ')}` : '';
    consoleErrors.push(`${message.text()} (on ${where}${recent})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  if (htmlDir) page.on('response', keepHtml);
  return { page, context, consoleErrors };
}

/** The demo council's authenticator key (`demo::DEMO_TOTP_SECRET`). */
export const DEMO_TOTP_SECRET = 'PLEDGEBOOKDEMOPLEDGEBOOKDEMO2345';

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 `secret` for time step `step`. */
export function totpCode(secret, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/\s/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const lastStepUsed = new Map();

/** A code for `secret` the server has not yet accepted from `account` (it takes each time step
 * once, and one step either side of now): waits for the next step if this one's are used up.
 * The step before now is used only early in a step: late in it, the clock may tick on before the
 * server checks the code, and the server would then refuse it as two steps old. */
export async function freshCode(account, secret = DEMO_TOTP_SECRET) {
  for (;;) {
    const seconds = Date.now() / 1000;
    const now = Math.floor(seconds / 30);
    const secondsLeftInStep = 30 * (now + 1) - seconds;
    const earliest = secondsLeftInStep > 10 ? now - 1 : now;
    const step = Math.max(earliest, (lastStepUsed.get(account) ?? -Infinity) + 1);
    if (step <= now + 1) {
      lastStepUsed.set(account, step);
      return totpCode(secret, step);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Signs `page` in as `email` (a demo account unless another password is given), with the demo
 * app's code when the account signs in with two factors. */
export async function signInAs(page, baseUrl, email, password = 'pledgebook demo only') {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Sign-in lands on the home page, after the code step for an account with two factors.
  const home = `${baseUrl}/`;
  await page.waitForURL((url) => url.href === home || url.pathname === '/sign-in/code');
  if (new URL(page.url()).pathname === '/sign-in/code') {
    await page.getByLabel('Code', { exact: true }).fill(await freshCode(`${baseUrl} ${email}`));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(home);
  }
}

/** Waits until the WASM has hydrated the page, so typing reaches the live code. */
export async function waitForHydration(page) {
  // Only pages that hold an island load the WASM; the others are as they arrive.
  if ((await page.locator('leptos-island').count()) === 0) return;
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 20_000 });
}

/** Polls until the locator's text is `expected` (trimmed), or fails with what it saw. */
export async function expectText(locator, expected, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  let seen;
  while (Date.now() < deadline) {
    seen = (await locator.textContent())?.trim();
    if (seen === expected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected text ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
}

const pagesWithoutJavaScript = new WeakSet();

/** Runs axe-core (WCAG 2.2 A and AA rules) and HTML_CodeSniffer (its WCAG2AA standard) on what
 * the page shows; returns axe's violations, then HTML_CodeSniffer's errors (its warnings and
 * notices ask for a person's judgement, so they are left out), each as one line of text. */
export async function accessibilityViolations(page) {
  let target = page;
  let copy;
  if (pagesWithoutJavaScript.has(page)) {
    // axe needs a running page: check the same HTML, with the same styles, in a scripted copy.
    copy = await page.context().browser().newPage();
    const html = (await page.content())
      .replace(/<script\b[\s\S]*?<\/script>/g, '')
      .replace('<head>', `<head><base href="${page.url()}">`);
    await copy.setContent(html, { waitUntil: 'load' });
    target = copy;
  }
  // Evaluated through the DevTools protocol, so the page's CSP does not stop it.
  await target.evaluate(readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await target.evaluate(async () => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
    const results = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  await target.evaluate(readFileSync(join(repo, 'node_modules/html_codesniffer/build/HTMLCS.js'), 'utf8'));
  const sniffed = await target.evaluate(
    () =>
      new Promise((done, fail) => {
        const ERROR = 1; // HTMLCS.ERROR; 2 and 3 are its warnings and notices.
        window.HTMLCS.process(
          'WCAG2AA',
          document,
          () => {
            const errors = window.HTMLCS.getMessages().filter((m) => m.type === ERROR);
            done(
              errors.map((m) => {
                const html = m.element?.outerHTML ?? String(m.element?.nodeName ?? m.element);
                const cut = html.length > 300 ? `${html.slice(0, 300)}…` : html;
                return `HTML_CodeSniffer ${m.code}: ${m.msg} (${cut})`;
              }),
            );
          },
          () => fail(new Error('HTML_CodeSniffer could not run its WCAG2AA standard')),
          'en',
        );
      }),
  );
  await copy?.close();
  return [...violations, ...sniffed];
}

/** For a test file: one server and one browser, started before its tests and stopped after. */
export function useServerAndBrowser({ seedDemo = false, afterSeed = [] } = {}) {
  const session = {};
  before(async () => {
    session.server = await startServer({ seedDemo, afterSeed });
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
