// Text typed or stored in a text area comes back as text, in every text area of the portal, with
// JavaScript on and off. Leptos 0.8 wrote a <textarea>'s children unescaped: a stored value
// holding `</textarea><b>x</b>` closed the element and the rest became live markup, `&amp;` came
// back as `&`, and a leading line break was lost.
//
// The text areas are not listed here: each demo role crawls the portal from the home page (GET
// only, bounded), after the drafts a user makes (a draft tender and a draft framework; the
// supplier presses each "Start…" button the crawl meets, such as the overdue quarter's "Start this
// return" and the open tender's "Start your offer"), and again once the demo's award is undone, so
// that the evaluation is open. Each distinct text area (its page's path and its name, numbers
// collapsed) is then filled with each hostile value, its form is sent with its save button, and
// the page is read again with GET (or, where the form was refused, the refused page is read): the
// box must hold what was typed, and the document no new element.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, signInAs, useServerAndBrowser, waitForHydration } from './support.mjs';

const ADMIN = 'admin@demo-council.example';
const MODERATOR = 'moderator@demo-council.example';
const SUPPLIER = 'bids@example-facilities.example';
const OTHER_SUPPLIER = 'hello@riverside-trust.example';
const ROLES = [ADMIN, MODERATOR, SUPPLIER, OTHER_SUPPLIER];

/** What each text area is given, after a plain value that sets the page's expected shape. */
const PLAIN = 'Plain words, nothing more';
const HOSTILE = ['</textarea><b>x</b>', '<!--', '&amp;', 'first line\nsecond line', '\n  indented after a line break'];

// The crawl's bounds, and what it never follows: signing out, downloads, the WASM and styles.
const MAX_PAGES_PER_ROLE = 120;
const MAX_PAGES_PER_KIND = 8;
const MAX_GET_FORM_VARIANTS = 6;
const NOT_FOLLOWED = [/^\/sign-out\b/, /^\/pkg\//, /^\/evidence\/files\//, /\.(csv|xlsx)(\?|$)/i, /export/i];
// "Start…" buttons the crawl presses to make a draft, except those that change how one signs in.
const START_BUTTON = /^Start\b/;
const NOT_PRESSED = /^\/(two-factor|account)\b/;

// The button that keeps a form's answers, by its name; a form with none of these finishes
// something (awards, excludes, sends), and is sent with text over every length the portal keeps, so
// that it is refused and the demo stays as it was.
const SAVE_BUTTONS = [/^Save draft$/i, /^Save\b/i, /^Continue$/i];
const TOO_LONG = 'x'.repeat(6_000);

// The award undone (like the evaluation test's setup, but keeping the marks and the moderation):
// the evaluation is open again, with its moderation, exclusion and award forms.
const UNDO_THE_AWARD = [
  'DELETE FROM line_review',
  'DELETE FROM evidence_file',
  'DELETE FROM evidence_upload',
  'DELETE FROM return_line',
  'DELETE FROM quarterly_return',
  'DELETE FROM commitment',
  'DELETE FROM contract_officer',
  'DELETE FROM contract',
  "UPDATE tender SET status = 'open', awarded_at = NULL, awarded_offer_id = NULL WHERE reference = 'DEMO-2026-002'",
];

// The text areas the portal has, by page path and name (numbers collapsed): a crawl that finds
// fewer has lost its way.
const EXPECTED = [
  ['new tender or tender details: description', /^\/manage\/(new-tender|tenders\/N\/details)$/, /^description$/],
  ['offer builder: delivery plan', /^\/offers\/N$/, /^plan-N$/],
  ['offer builder: written answer', /^\/offers\/N$/, /^response-N$/],
  ['quarterly return: what was delivered', /^\/contracts\/N\/returns\/N$/, /^narrative-N$/],
  ['quarterly return: reply to a question', /^\/contracts\/N\/returns\/N$/, /^reply-N$/],
  ['review of a return: comment', /^\/contracts\/N\/returns\/N\/review$/, /^comment-N$/],
  ['evaluation: reason for a mark', /^\/manage\/tenders\/N\/evaluation\/offers\/N$/, /^reason-N$/],
  ['evaluation: comment on an excluded line', /^\/manage\/tenders\/N\/evaluation\/offers\/N\/lines\/N\/N\/exclude$/, /^comment$/],
];
const AT_LEAST = 10;

const kindOf = (url) => new URL(url).pathname.replace(/\/\d+(?=\/|$)/g, '/N');
const patternOf = (name) => name.replace(/\d+/g, 'N');
const show = (text) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…(${text.length} characters)` : text);

/** The button a form's answers are kept with, from its submit buttons' names. */
function saveButton(names) {
  for (const wanted of SAVE_BUTTONS) {
    const name = names.find((n) => wanted.test(n));
    if (name) return { name, finishes: false };
  }
  return names.length > 0 ? { name: names[0], finishes: true } : null;
}

/** A page's links, text areas (each with its form's submit buttons) and forms, as the browser
 * parses the HTML. */
async function readHtml(parser, html) {
  return parser.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'text/html');
    const buttons = (form) =>
      [...(form?.elements ?? [])]
        .filter((e) => (e.localName === 'button' || e.localName === 'input') && e.type === 'submit')
        .map((e) => (e.localName === 'input' ? e.value : e.textContent).replace(/\s+/g, ' ').trim());
    const forms = [...doc.forms].map((form) => {
      const fields = [];
      const radios = {};
      for (const e of form.elements) {
        if (!e.name || e.disabled || e.localName === 'button' || e.localName === 'fieldset') continue;
        if (e.type === 'radio') {
          (radios[e.name] ??= []).push(e.value);
          if (e.checked) fields.push([e.name, e.value]);
        } else if (e.type === 'checkbox') {
          if (e.checked) fields.push([e.name, e.value || 'on']);
        } else if (e.localName === 'select') {
          if (e.selectedOptions[0]) fields.push([e.name, e.selectedOptions[0].value]);
        } else if (!['submit', 'button', 'reset', 'image', 'file'].includes(e.type)) {
          fields.push([e.name, e.value]);
        }
      }
      return { method: (form.getAttribute('method') ?? 'get').toLowerCase(), action: form.getAttribute('action') ?? '', fields, radios, buttons: buttons(form) };
    });
    return {
      links: [...doc.querySelectorAll('a[href]:not([download])')].map((a) => a.getAttribute('href')),
      textareas: [...doc.querySelectorAll('textarea')].map((t) => ({ name: t.name, form: t.form?.getAttribute('action') ?? '', buttons: buttons(t.form) })),
      forms,
    };
  }, html);
}

/** The addresses a GET form leads to: as it stands, and with each choice of each radio group. */
function getFormAddresses(form, pageUrl) {
  const action = new URL(form.action || pageUrl, pageUrl);
  const variants = [form.fields];
  for (const [name, values] of Object.entries(form.radios)) {
    for (const value of values) variants.push([...form.fields.filter(([n]) => n !== name), [name, value]]);
  }
  return variants.slice(0, MAX_GET_FORM_VARIANTS).map((fields) => {
    const url = new URL(action);
    url.search = new URLSearchParams(fields).toString();
    return url;
  });
}

/** Waits for the page's next document to load, after `act` (a click that sends a form). */
async function navigating(page, act) {
  const loaded = page.waitForEvent('load', { timeout: 20_000 });
  await act();
  await loaded;
}

async function settle(page, javaScript) {
  if (javaScript) await waitForHydration(page);
}

/** Crawls the portal from the home page as one signed-in role: breadth first, GET only, through
 * links and GET forms, pressing each "Start…" button not yet pressed (in the browser, as a user
 * would) and reading the page again after it. Adds each text area found to `found`. */
async function crawl({ role, opened, parser, base, javaScript, pressed, found }) {
  const { page, context } = opened;
  const queue = [`${base}/`];
  const queued = new Set(queue);
  const perKind = new Map();
  let fetched = 0;
  while (queue.length > 0 && fetched < MAX_PAGES_PER_ROLE) {
    const url = queue.shift();
    const kind = kindOf(url);
    if ((perKind.get(kind) ?? 0) >= MAX_PAGES_PER_KIND) continue;
    perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    fetched += 1;
    const response = await context.request.get(url, { failOnStatusCode: false });
    const landed = response.url();
    if (new URL(landed).origin !== base || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
    const read = await readHtml(parser, await response.text());
    for (const { name, form, buttons } of read.textareas) {
      found.push({ role, url: landed, kind: kindOf(landed), name, pattern: patternOf(name), form, button: saveButton(buttons) });
    }
    const next = read.links.map((href) => new URL(href, landed));
    for (const form of read.forms) {
      if (form.method === 'get') next.push(...getFormAddresses(form, landed));
      const start = form.buttons.find((b) => START_BUTTON.test(b));
      const action = new URL(form.action || landed, landed);
      const key = `${kindOf(landed)} ${start}`;
      if (form.method !== 'post' || !start || NOT_PRESSED.test(action.pathname) || pressed.has(key)) continue;
      pressed.add(key);
      await page.goto(landed);
      await settle(page, javaScript);
      await navigating(page, () => page.getByRole('button', { name: start, exact: true }).click());
      console.log(`# ${role} pressed "${start}" on ${new URL(landed).pathname}: now on ${new URL(page.url()).pathname}${new URL(page.url()).search}`);
      // The page the draft opened, and this page again, now that the draft exists.
      queue.unshift(page.url(), landed);
    }
    for (const address of next) {
      address.hash = '';
      if (address.origin !== base || NOT_FOLLOWED.some((skip) => skip.test(address.pathname + address.search))) continue;
      if (queued.has(address.href)) continue;
      queued.add(address.href);
      queue.push(address.href);
    }
  }
  return fetched;
}

/** One text area for each (page path, name pattern) not yet tested: where several pages have it,
 * one whose form keeps a draft, then the one with the shortest query. */
function chooseTargets(found, tested) {
  const groups = new Map();
  for (const f of found) {
    const key = `${f.kind} ${f.pattern}`;
    if (tested.has(key) || !f.button) continue;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  const rank = (f) => (f.button.finishes ? 1000 : 0) + [...new URL(f.url).searchParams].length;
  return [...groups].map(([key, list]) => ({ key, ...list.sort((a, b) => rank(a) - rank(b))[0] }));
}

/** The targets that share a page and a form, which are filled and sent together. */
function byForm(targets) {
  const forms = new Map();
  for (const target of targets) {
    const key = `${target.url} ${target.role} ${target.form} ${target.button.name}`;
    if (!forms.has(key)) forms.set(key, []);
    forms.get(key).push(target);
  }
  return [...forms.values()];
}

/** What the document holds that a hostile value could change: the shape of <main>, and any <b>
 * holding "x" outside a text area. */
function shapeOfPage() {
  const main = document.querySelector('main') ?? document.body;
  const count = (selector) => main.querySelectorAll(selector).length;
  return {
    shape: {
      mains: document.querySelectorAll('main').length,
      elements: count('*'),
      forms: count('form'),
      textareas: count('textarea'),
      inputs: count('input'),
      buttons: count('button'),
      bold: count('b'),
    },
    strayBold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'x' && !b.closest('textarea')).length,
  };
}

/** With JavaScript, a form that saves itself: its status changes as one types, then says saved.
 * True once saved; false for a form without such a status (it is then sent with its button). */
async function savedByItself(form) {
  const status = form.getByRole('status').first();
  if ((await status.count()) === 0) return false;
  const saved = (text) => /\bsaved\b/i.test(text) && !/\b(not|unsaved)\b/i.test(text);
  let deadline = Date.now() + 1_500;
  while (saved(((await status.textContent()) ?? '').trim())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  deadline = Date.now() + 10_000;
  while (!saved(((await status.textContent()) ?? '').trim())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Types `typed` into each of the text areas of one form, sends it as a user would, and reads
 * them back: from the refused page, or from the page loaded again with GET. */
async function typeSendAndRead(opened, targets, typed, javaScript) {
  const { page } = opened;
  const { url, button } = targets[0];
  await page.goto(url);
  await settle(page, javaScript);
  const boxes = targets.map((t) => page.locator(`textarea[name="${t.name}"]`));
  for (const [i, box] of boxes.entries()) {
    if ((await box.count()) !== 1) return { problem: `no text area named ${targets[i].name} on ${url}` };
    await box.fill(typed);
  }
  const form = page.locator('form').filter({ has: boxes[0] });
  let outcome;
  if (javaScript && (await savedByItself(form))) {
    outcome = 'saved by itself';
  } else {
    await navigating(page, () => form.getByRole('button', { name: button.name, exact: true }).first().click());
    outcome = (await page.locator('.govuk-error-summary').count()) > 0 ? 'refused' : 'saved';
  }
  const refusedAt = page.url();
  if (outcome !== 'refused') await page.goto(url);
  try {
    await settle(page, javaScript);
  } catch (error) {
    return { outcome, problem: `the page did not hydrate (${error.message.split('\n')[0]})` };
  }
  const seen = [];
  for (const target of targets) {
    const again = page.locator(`textarea[name="${target.name}"]`);
    if ((await again.count()) !== 1) {
      return { outcome, problem: `no text area named ${target.name} on ${outcome === 'refused' ? refusedAt : url} after the form was ${outcome}` };
    }
    seen.push((await again.inputValue()).replace(/\r\n?/g, '\n'));
  }
  return { outcome, seen, ...(await page.evaluate(shapeOfPage)) };
}

/** Tests the text areas of one form with each value; returns what went wrong, as sentences. */
async function exercise(opened, targets, javaScript) {
  const problems = [];
  const outcomes = new Set();
  const expectedShape = new Map();
  const errorsBefore = opened.consoleErrors.length;
  const { url, role, button } = targets[0];
  const names = targets.map((t) => t.name).join(', ');
  for (const value of [PLAIN, ...HOSTILE]) {
    const typed = button.finishes ? `${value}\n${TOO_LONG}` : value;
    const what = `${new URL(url).pathname} (as ${role}) ${names}: typed ${show(typed)}`;
    let read;
    try {
      read = await typeSendAndRead(opened, targets, typed, javaScript);
    } catch (error) {
      read = { problem: error.message.split('\n')[0] };
    }
    if (read.outcome) outcomes.add(read.outcome);
    if (read.problem) {
      problems.push(`${what}: ${read.problem}`);
      continue;
    }
    // A refused form shows exactly what was sent; a saved one may have had its spaces tidied.
    const tidied = typed.replace(/\s+/g, ' ').trim();
    for (const [i, target] of targets.entries()) {
      const seen = read.seen[i];
      const kept = seen === typed || (read.outcome !== 'refused' && (seen === typed.trim() || seen === tidied));
      if (!kept) problems.push(`${what} [${read.outcome}]: ${target.name} holds ${show(seen)}`);
    }
    if (read.strayBold > 0) problems.push(`${what} [${read.outcome}]: ${read.strayBold} <b>x</b> outside a text area`);
    if (value === PLAIN) {
      expectedShape.set(read.outcome, read.shape);
    } else if (expectedShape.has(read.outcome)) {
      const before = expectedShape.get(read.outcome);
      const changed = Object.keys(before).filter((k) => before[k] !== read.shape[k]).map((k) => `${k} ${before[k]} → ${read.shape[k]}`);
      if (changed.length > 0) problems.push(`${what} [${read.outcome}]: the page's elements changed: ${changed.join(', ')}`);
    }
  }
  if (javaScript) problems.push(...opened.consoleErrors.slice(errorsBefore).map((e) => `${new URL(url).pathname}: console error: ${e}`));
  return { problems, outcomes: [...outcomes] };
}

/** A council administrator creates a draft tender, so that its details page can be found. */
async function createDraftTender(page, base, javaScript) {
  const deadline = new Date(Date.now() + 20 * 86_400_000);
  await page.goto(`${base}/manage/tenders`);
  await settle(page, javaScript);
  await page.getByRole('link', { name: 'Create a tender' }).click();
  await page.waitForURL(/\/manage\/new-tender$/);
  await settle(page, javaScript);
  await page.getByLabel('Reference', { exact: true }).fill('DEMO-TEXT-1');
  await page.getByLabel('Title', { exact: true }).fill('Text area checks (draft)');
  await page.getByLabel('What the contract is for', { exact: true }).fill('A draft tender whose terms are changed by the text area checks.');
  await page.getByLabel('Contract value (£)', { exact: true }).fill('1,000,000');
  await page.getByLabel('Length of the contract in years', { exact: true }).fill('3');
  const starts = page.getByRole('group', { name: 'When the contract starts' });
  await starts.getByLabel('Day').fill('1');
  await starts.getByLabel('Month').fill('4');
  await starts.getByLabel('Year').fill(String(deadline.getUTCFullYear() + 1));
  const closes = page.getByRole('group', { name: 'Deadline for offers' });
  await closes.getByLabel('Day').fill(String(deadline.getUTCDate()));
  await closes.getByLabel('Month').fill(String(deadline.getUTCMonth() + 1));
  await closes.getByLabel('Year').fill(String(deadline.getUTCFullYear()));
  await page.getByLabel('Time offers must be in by', { exact: true }).fill('12pm');
  const framework = page.getByLabel('Measures framework', { exact: true });
  const choice = (await framework.getByRole('option').allTextContents()).find((o) => o.includes('Pledgebook demo framework'));
  await framework.selectOption({ label: choice });
  await page.getByLabel('Target social value per £1 of contract value (£)', { exact: true }).fill('0.2');
  await page.getByLabel('Social value weighting (%)', { exact: true }).fill('10');
  await page.getByLabel('Quantitative part of the social value weighting (%)', { exact: true }).fill('70');
  await page.getByRole('group', { name: 'How the quantitative offer is scored' }).getByLabel('Against the best offer').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(/\/manage\/tenders\/\d+\?created$/);
}

/** A council administrator starts a new version of the demo framework, so that a draft's details
 * and measures can be found. */
async function createDraftFramework(page, base, javaScript) {
  await page.goto(`${base}/manage/frameworks`);
  await settle(page, javaScript);
  await page.getByRole('row').filter({ hasText: 'Published' }).getByRole('link').first().click();
  await page.waitForURL(/\/frameworks\/\d+$/);
  await page.getByRole('link', { name: 'Create a new version from this one' }).click();
  await page.waitForURL(/\/manage\/new-framework\?copy-of=\d+$/);
  await settle(page, javaScript);
  await page.getByLabel('Version label').fill('text area checks');
  await page.getByLabel('Day').fill('1');
  await page.getByLabel('Month').fill('4');
  await page.getByLabel('Year').fill('2027');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForURL(/\/manage\/frameworks\/\d+\?saved$/);
}

for (const javaScript of [false, true]) {
  describe(`every text area keeps hostile text as text, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const session = useServerAndBrowser({ seedDemo: true });
    const signedIn = new Map();
    const found = [];
    const tested = new Map();
    const pressed = new Set();
    let parser;

    async function crawlAsEveryRole(when) {
      const base = session.server.baseUrl;
      parser ??= await session.browser.newPage();
      const before = found.length;
      const started = Date.now();
      for (const role of ROLES) {
        const fetched = await crawl({ role, opened: signedIn.get(role), parser, base, javaScript, pressed, found });
        console.log(`# ${when}: ${role} fetched ${fetched} pages`);
      }
      const pairs = [...new Set(found.slice(before).map((f) => `${new URL(f.url).pathname}${new URL(f.url).search} ${f.name}`))];
      console.log(`# ${when}: crawled in ${((Date.now() - started) / 1000).toFixed(1)} s; ${pairs.length} (page, text area) pairs:\n${pairs.map((p) => `#   ${p}`).join('\n')}`);
    }

    async function testEachNewTextArea(t, since) {
      for (const targets of byForm(chooseTargets(found.slice(since), tested))) {
        const { url, role, button } = targets[0];
        for (const target of targets) tested.set(target.key, { ...target, outcomes: [] });
        const where = `${new URL(url).pathname}${new URL(url).search}`;
        const names = targets.map((target) => target.pattern).join(', ');
        await t.test(`${kindOf(url)}: ${names} (${button.finishes ? `"${button.name}", refused on purpose` : `"${button.name}"`})`, async () => {
          const { problems, outcomes } = await exercise(signedIn.get(role), targets, javaScript);
          for (const target of targets) tested.set(target.key, { ...target, outcomes });
          console.log(`# tested ${where} as ${role}: ${targets.map((target) => target.name).join(', ')}; "${button.name}": ${outcomes.join(', ')}`);
          assert.deepEqual(problems, []);
        });
      }
    }

    test('setup: each role signs in; the administrator drafts a tender and a framework', async () => {
      for (const role of ROLES) {
        const opened = await openPage(session.browser, { javaScript });
        await signInAs(opened.page, session.server.baseUrl, role);
        signedIn.set(role, opened);
      }
      const { page } = signedIn.get(ADMIN);
      await createDraftTender(page, session.server.baseUrl, javaScript);
      await createDraftFramework(page, session.server.baseUrl, javaScript);
    });

    test('the demo as seeded: find the text areas, and test each', async (t) => {
      await crawlAsEveryRole('as seeded');
      await testEachNewTextArea(t, 0);
    });

    test('the award undone, the evaluation open: find the text areas again, and test the new ones', async (t) => {
      session.server.sql(UNDO_THE_AWARD);
      const since = found.length;
      await crawlAsEveryRole('award undone');
      await testEachNewTextArea(t, since);
    });

    test('the crawl found every kind of text area, and forms both saved and refused', async () => {
      const keys = [...new Set(found.map((f) => `${f.kind} ${f.pattern}`))];
      console.log(`# ${keys.length} kinds of text area:\n${keys.map((k) => `#   ${k}`).join('\n')}`);
      assert.ok(keys.length >= AT_LEAST, `only ${keys.length} kinds of text area found`);
      const missing = EXPECTED.filter(([, kind, pattern]) => !found.some((f) => kind.test(f.kind) && pattern.test(f.pattern))).map(([what]) => what);
      assert.deepEqual(missing, [], 'text areas the crawl did not find');
      const untested = EXPECTED.filter(([, kind, pattern]) => ![...tested.values()].some((f) => kind.test(f.kind) && pattern.test(f.pattern))).map(([what]) => what);
      assert.deepEqual(untested, [], 'text areas found but not tested');
      const outcomes = new Set([...tested.values()].flatMap((f) => f.outcomes));
      assert.ok(outcomes.has('refused'), 'at least one form was refused');
      assert.ok([...outcomes].some((o) => o.startsWith('saved')), 'at least one form was saved');
      assert.deepEqual(tested.get('/manage/new-tender description')?.outcomes, ['refused'], 'a new tender without its other answers is refused');
      await parser?.close();
      for (const opened of signedIn.values()) await opened.context.close();
    });
  });
}
