// Measures framework benchmark against the release server on a fresh SQLite database with the
// demo data, one request at a time, loopback only: the public framework page, a search, both
// exports, and importing a file of 2,000 measures (the most a file may hold) into a draft.
// Run after `cargo leptos build --release`:  node tests/bench/framework-pages.mjs [requests]
import { startServer } from '../browser/support.mjs';
import { client, time } from './http.mjs';

const requests = Number(process.argv[2] ?? 30);
const server = await startServer({ seedDemo: true });
const base = server.baseUrl;

try {
  const list = await (await fetch(`${base}/frameworks`)).text();
  const id = list.match(/href="\/frameworks\/(\d+)"/)[1];
  await time('framework page (28 measures)', requests, () => fetch(`${base}/frameworks/${id}`));
  await time('search "carbon"', requests, () => fetch(`${base}/frameworks/${id}?q=carbon`));
  await time('export CSV', requests, () => fetch(`${base}/frameworks/${id}/export.csv`));
  await time('export XLSX', requests, () => fetch(`${base}/frameworks/${id}/export.xlsx`));

  // Sign in as the demo administrator and make a draft to import into.
  const http = client(base);
  const cookie = await http.signIn('admin@demo-council.example');
  const created = await fetch(`${base}/manage/new-framework`, http.form({
    name: 'Bench', 'version-label': 'bench', 'effective-date-day': '1', 'effective-date-month': '4',
    'effective-date-year': '2027', 'local-definition': 'Bench county',
  }, cookie));
  const draft = created.headers.get('location').match(/\/manage\/frameworks\/(\d+)/)[1];

  const rows = ['code,theme,outcome,description,unit,fractions allowed,kind,proxy value (£),guidance'];
  const themes = ['Jobs', 'Growth', 'Social', 'Environment', 'Innovation'];
  for (let i = 1; i <= 2000; i += 1) {
    rows.push(`M-${i},${themes[i % 5]},Outcome ${i % 17},Measure number ${i} for the benchmark,hours,yes,monetised,${(i % 500) + 0.25},Guidance for measure ${i}`);
  }
  const file = rows.join('\n');
  await time('import 2,000 measures (CSV, replaces the draft)', 5, () => {
    const body = new FormData();
    body.append('file', new Blob([file], { type: 'text/csv' }), 'bench.csv');
    return fetch(`${base}/manage/frameworks/${draft}/import`, { method: 'POST', redirect: 'manual', headers: { origin: base, cookie }, body });
  });
  await time('draft page with 2,000 measures', 5, () => fetch(`${base}/manage/frameworks/${draft}`, { headers: { cookie } }));
} finally {
  await server.stop();
}
