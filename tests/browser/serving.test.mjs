// Serving: only a page that holds an island fetches the WASM, and it fetches it once (the
// preload is claimed, not fetched again).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, useServerAndBrowser, waitForHydration } from './support.mjs';

const env = useServerAndBrowser({ seedDemo: true });

/** The requests for the front end's files (under /pkg/) while `load` runs. */
async function assetRequests(page, load) {
  const seen = [];
  const onFinished = async (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.startsWith('/pkg/')) return;
    seen.push({ kind: path.split('.').pop(), path });
  };
  page.on('requestfinished', onFinished);
  await load();
  page.off('requestfinished', onFinished);
  return seen;
}

test('a page without an island loads no WASM; the calculator loads it once', async () => {
  const { page, context, consoleErrors } = await openPage(env.browser, { javaScript: true });
  try {
    const tenders = await assetRequests(page, () => page.goto(`${env.server.baseUrl}/tenders`, { waitUntil: 'networkidle' }));
    assert.deepEqual(tenders.filter((r) => r.kind !== 'css'), [], 'only the stylesheet');

    const calculator = await assetRequests(page, async () => {
      await page.goto(`${env.server.baseUrl}/calculator`, { waitUntil: 'networkidle' });
      await waitForHydration(page);
    });
    const count = (kind) => calculator.filter((r) => r.kind === kind).length;
    assert.equal(count('wasm'), 1, `the WASM once: ${JSON.stringify(calculator)}`);
    assert.equal(count('js'), 1, `the loader once: ${JSON.stringify(calculator)}`);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
