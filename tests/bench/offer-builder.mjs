// Offer builder benchmark in headless Chromium against the release server (fresh SQLite
// database with the demo data, loopback only). Through the HTTP forms, the demo council opens a
// 7-year tender with every applying measure of the demo framework that takes quantities, and a
// supplier saves an offer with every box it may fill filled: 150 lines. Then, with JavaScript on:
//  - keystroke → updated totals: a box gets a new number and an `input` event, and the time
//    until the "Total social value" cell changes (and until the next animation frame) is taken;
//  - the WASM calculation's throughput: `bench_line_values(rounds)`, 1,000 line values a round.
// Run after `cargo leptos build --release`:  node tests/bench/offer-builder.mjs [iterations]
import { launchBrowser, startServer } from '../browser/support.mjs';
import { PASSWORD, client, fillEveryBox, openTenderOfEveryMeasure, summary } from './http.mjs';

const iterations = Number(process.argv[2] ?? 200);
const DURATION_YEARS = 7;

const server = await startServer({ seedDemo: true });
const base = server.baseUrl;
const http = client(base);
let browser;

try {
  const admin = await http.signIn('admin@demo-council.example');
  const { tenderId, listed, chosen } = await openTenderOfEveryMeasure(http, admin, {
    reference: 'BENCH-2027-001',
    durationYears: DURATION_YEARS,
    writtenResponses: false,
  });
  const supplier = await http.signIn('bids@example-facilities.example');
  const { offerId, boxes, filled, total, firstYearOnly } = await fillEveryBox(http, supplier, tenderId, chosen);
  console.log(
    `tender: ${chosen.length} measures (of ${listed.length} that apply; ${listed.length - chosen.length} written responses left out) × ${DURATION_YEARS} years = ${boxes.length} quantity boxes; ` +
      `${filled} filled (${boxes.length - filled} empty: years 2-${DURATION_YEARS} of the ${firstYearOnly} first-year-only measures); saved total ${total}`,
  );

  // ---- The builder in headless Chromium ----------------------------------------------------------
  browser = await launchBrowser();
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors = [];
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`${base}/sign-in`);
  await tab.getByLabel('Email address').fill('bids@example-facilities.example');
  await tab.getByLabel('Password').fill(PASSWORD);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(/\/account$/);
  const loadStarted = performance.now();
  await tab.goto(`${base}/offers/${offerId}`);
  await tab.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  console.log(`offer page load to hydrated: ${(performance.now() - loadStarted).toFixed(0)} ms (${boxes.length} boxes)`);

  const measured = await tab.evaluate(async (iterations) => {
    const totalCell = [...document.querySelectorAll('th')]
      .find((th) => th.textContent.trim() === 'Total social value')
      .parentElement.querySelector('td');
    // Boxes whose value counts: a monetised measure (its hint gives a £ value per unit), filled.
    const inputs = [...document.querySelectorAll('input[name^="q-"]')].filter((input) => {
      const hint = document.getElementById(input.closest('fieldset').getAttribute('aria-describedby'));
      return input.value !== '' && hint?.textContent.includes('Each is worth');
    });
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    const updates = [];
    const frames = [];
    await nextFrame();
    for (let i = 0; i < iterations; i += 1) {
      const input = inputs[(i * 13) % inputs.length];
      const before = totalCell.textContent;
      // A whole number (every unit takes one) that differs from what the box holds.
      const next = String((Number(input.value.replace(/,/g, '')) % 97) + 1 + (i % 5));
      input.value = next === input.value ? `${next}1` : next;
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (totalCell.textContent !== before) {
            observer.disconnect();
            resolve(performance.mark('totals-updated').startTime);
          }
        });
        observer.observe(totalCell, { childList: true, characterData: true, subtree: true });
      });
      const start = performance.mark('input-start').startTime;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const updated = await Promise.race([changed, new Promise((r) => setTimeout(() => r(null), 2_000))]);
      if (updated === null) throw new Error(`the total did not change after typing ${input.value} into ${input.name}`);
      updates.push(performance.measure('keystroke-to-totals', 'input-start', 'totals-updated').duration);
      frames.push((await nextFrame()) - start);
    }
    return { updates, frames, boxesThatCount: inputs.length, total: totalCell.textContent };
  }, iterations);
  console.log(`keystroke benchmark over ${measured.boxesThatCount} boxes that carry £ (total now ${measured.total}):`);
  summary('  input event → total updated', measured.updates, 'keystrokes');
  summary('  input event → next animation frame after the update', measured.frames, 'keystrokes');
  // Each keystroke is sent just after a frame, so the next frame is about one frame interval
  // away; a longer wait means the update made the page miss a frame.
  const late = measured.frames.filter((ms) => ms > 25).length;
  console.log(`  keystrokes whose update missed the next frame (over 25 ms): ${late} of ${measured.frames.length}`);

  const throughput = await tab.evaluate(async () => {
    const m = await import('/pkg/pledgebook.js');
    if (typeof m.bench_line_values !== 'function') return { missing: true, exports: Object.keys(m) };
    m.bench_line_values(10); // warm up
    const runs = [];
    for (const rounds of [100, 500, 500, 500, 1000]) {
      const started = performance.now();
      const total = m.bench_line_values(rounds);
      runs.push({ rounds, ms: performance.now() - started, total });
    }
    return { runs };
  });
  if (throughput.missing) {
    console.log(`bench_line_values is not exported by this build's /pkg/pledgebook.js (exports: ${throughput.exports.join(', ')})`);
  } else {
    console.log('WASM line values (shared Rust calculation, 1,000 line values a round):');
    for (const run of throughput.runs) {
      const perSecond = (run.rounds * 1000) / (run.ms / 1000);
      console.log(`  ${run.rounds} rounds: ${run.ms.toFixed(1)} ms, ${(perSecond / 1e6).toFixed(2)} million line values/s (total ${run.total})`);
    }
    const rounds = throughput.runs.reduce((a, r) => a + r.rounds, 0);
    const ms = throughput.runs.reduce((a, r) => a + r.ms, 0);
    console.log(`  overall: ${((rounds * 1000) / (ms / 1000) / 1e6).toFixed(2)} million line values/s`);
  }
  if (errors.length) console.log(`console errors: ${errors.join('\n')}`);
  await context.close();
} finally {
  await browser?.close();
  await server.stop();
}
