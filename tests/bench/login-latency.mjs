// Sign-in latency benchmark: POST /sign-in against the release server on a fresh SQLite
// database, one request at a time, loopback only. Prints p50, p95 and mean in milliseconds.
// Run after `cargo leptos build --release`:  node tests/bench/login-latency.mjs [requests]
import { startServer } from '../browser/support.mjs';
import { client, summary } from './http.mjs';

const requests = Number(process.argv[2] ?? 40);
const server = await startServer();
const { form } = client(server.baseUrl);

try {
  const password = 'a benchmark passphrase';
  const registered = await fetch(`${server.baseUrl}/register`, form({
    'organisation-name': 'Bench Ltd', postcode: 'CM1 1AA', 'full-name': 'Bench', email: 'bench@example.org', password,
  }));
  if (registered.status !== 303) throw new Error(`registration failed: ${registered.status}`);

  const timings = [];
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/sign-in`, form({ email: 'bench@example.org', password }));
    timings.push(performance.now() - started);
    if (response.status !== 303) throw new Error(`sign-in ${i} failed: ${response.status}`);
  }
  summary('sign-in latency', timings);
} finally {
  await server.stop();
}
