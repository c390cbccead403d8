// Checks the HTML of every page the browser journeys visited (kept as the server sent it, in
// the folder given) with the W3C Nu Html Checker, from the `vnu-jar` npm package (Java).
//
// Allowed, and only these:
// - Leptos's `<!>` hydration markers (empty comments the checker calls bogus), which the
//   framework writes between text nodes so that hydration can find them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import vnuJar from 'vnu-jar';

const folder = process.argv[2];
const pages = readdirSync(folder).filter((name) => name.endsWith('.html'));
if (pages.length === 0) {
  console.error(`No pages were kept in ${folder}: the browser journeys did not run with PLEDGEBOOK_HTML_DIR`);
  process.exit(1);
}

const ALLOWED = [
  { why: "Leptos's <!> hydration marker", test: (m) => /^Bogus comment\.?$/.test(m.message) && m.extract?.includes('<!>') },
];

const ran = spawnSync('java', ['-Xss2m', '-jar', String(vnuJar), '--format', 'json', '--exit-zero-always', folder], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (ran.status !== 0) {
  console.error(`The checker did not run:\n${ran.stderr}`);
  process.exit(1);
}
const { messages } = JSON.parse(ran.stderr);
const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
const allowed = new Map();
const problems = [];
for (const m of errors) {
  const rule = ALLOWED.find((r) => r.test(m));
  if (rule) allowed.set(rule.why, (allowed.get(rule.why) ?? 0) + 1);
  else problems.push(m);
}

console.log(`Checked ${pages.length} pages with the Nu Html Checker: ${problems.length} errors`);
for (const [why, count] of allowed) console.log(`  allowed: ${why} (${count})`);
const seen = new Set();
for (const m of problems) {
  const key = `${m.message}|${m.extract}`;
  if (seen.has(key)) continue;
  seen.add(key);
  console.log(`\n${basename(decodeURIComponent(m.url ?? ''))}:${m.lastLine ?? '?'}: ${m.message}\n  ${(m.extract ?? '').replace(/\n/g, ' ')}`);
}
process.exit(problems.length === 0 ? 0 : 1);
