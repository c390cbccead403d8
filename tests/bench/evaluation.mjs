// Bid evaluation benchmark against the release server on a fresh SQLite database with the demo
// data, one request at a time, loopback only. Through the HTTP forms: the demo council opens a
// 7-year tender with every measure of the demo framework (written responses too), 20 suppliers
// register and each submits an offer with every box filled (about 150 lines, figures differing
// from offer to offer); the deadline is then moved into the past, two markers mark every written
// answer and submit, and the moderator moderates them all. Then it times, as the moderator:
// the side-by-side evaluation page (the target: 200 ms or less for 20 offers × 150
// lines), one offer's evaluation page, and both exports.
// Run after `cargo leptos build --release`:  node tests/bench/evaluation.mjs [requests]
import { startServer } from '../browser/support.mjs';
import { client, decode, fillEveryBox, openTenderOfEveryMeasure, time } from './http.mjs';

const requests = Number(process.argv[2] ?? 50);
const OFFERS = 20;
const server = await startServer({ seedDemo: true });
const base = server.baseUrl;
const http = client(base);

try {
  const setUpStarted = performance.now();
  const admin = await http.signIn('admin@demo-council.example');
  const { tenderId, chosen } = await openTenderOfEveryMeasure(http, admin, {
    reference: 'BENCH-2027-002',
    durationYears: 7,
    writtenResponses: true,
  });
  const questions = chosen.filter((m) => m.kind === 'Written response');

  const offers = [];
  for (let i = 0; i < OFFERS; i += 1) {
    const email = `bids${i}@bench-supplier-${i}.example`;
    const password = 'a benchmark passphrase';
    const registered = await fetch(`${base}/register`, http.form({
      'organisation-name': `Bench Supplier ${i} Ltd`, postcode: 'CM1 1AA', 'full-name': `Bid Writer ${i}`, email, password,
    }));
    if (registered.status !== 303) throw new Error(`registering supplier ${i}: ${registered.status}`);
    const signedIn = await fetch(`${base}/sign-in`, http.form({ email, password }));
    const supplier = signedIn.headers.get('set-cookie')?.split(';')[0];
    if (!supplier) throw new Error(`sign-in as ${email}: ${signedIn.status}`);
    const offer = await fillEveryBox(http, supplier, tenderId, chosen, i);
    await http.post(`/offers/${offer.offerId}/submit`, { attestation: 'yes' }, supplier);
    offers.push(offer);
  }
  const lines = offers[0].filled;

  // Submissions close at the deadline; the benchmark cannot wait 30 days for it.
  server.sql([`UPDATE tender SET deadline = created_at WHERE id = ${tenderId}`]);

  const marks = (offer, seed) => {
    const fields = {};
    for (const [q, m] of questions.entries()) {
      fields[`mark-${m.id}`] = String((offer + q + seed) % 6);
      fields[`reason-${m.id}`] = `Why answer ${m.id} of offer ${offer} earns this mark.`;
    }
    return fields;
  };
  const evaluation = `/manage/tenders/${tenderId}/evaluation`;
  for (const [seed, email] of ['marker.one@demo-council.example', 'marker.two@demo-council.example'].entries()) {
    const marker = await http.signIn(email);
    for (const [i, offer] of offers.entries()) {
      await http.post(`${evaluation}/offers/${offer.offerId}/marks`, marks(i, seed), marker);
    }
    await http.post(`${evaluation}/submit-marks`, {}, marker);
  }
  const moderator = await http.signIn('moderator@demo-council.example');
  await http.post(`${evaluation}/moderator`, {}, moderator);
  for (const [i, offer] of offers.entries()) {
    await http.post(`${evaluation}/offers/${offer.offerId}/moderation`, marks(i, 2), moderator);
  }

  const page = await http.page(evaluation, moderator);
  const firstOffer = `${evaluation}/offers/${offers[0].offerId}`;
  const offerPage = await http.page(firstOffer, moderator);
  console.log(
    `set up in ${((performance.now() - setUpStarted) / 1000).toFixed(1)} s: ${OFFERS} offers × ${lines} lines ` +
      `(${chosen.length - questions.length} measures with quantities over 7 years, some in year 1 only) and ${questions.length} written answers each, ` +
      `marked by two markers and moderated; evaluation page ${(page.length / 1024).toFixed(0)} KiB, ` +
      `one offer's page ${(offerPage.length / 1024).toFixed(0)} KiB`,
  );
  if (!decode(page).includes('Bench Supplier 19 Ltd')) throw new Error('the evaluation page does not list every offer');

  await time(`evaluation page (${OFFERS} offers × ${lines} lines)`, requests, () => fetch(`${base}${evaluation}`, { headers: { cookie: moderator } }));
  await time(`one offer's evaluation page (${lines} lines)`, requests, () => fetch(`${base}${firstOffer}`, { headers: { cookie: moderator } }));
  await time('export CSV', Math.ceil(requests / 2), () => fetch(`${base}${evaluation}/export.csv`, { headers: { cookie: moderator } }));
  await time('export XLSX', Math.ceil(requests / 2), () => fetch(`${base}${evaluation}/export.xlsx`, { headers: { cookie: moderator } }));
} finally {
  await server.stop();
}
