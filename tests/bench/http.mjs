// What the benchmarks share: form posts and page reads against the test server (loopback only),
// timing summaries, and the large tender every offer benchmark starts from.
export const PASSWORD = 'pledgebook demo only';

/** Page text without its tags, with the entities the pages use decoded. */
export const decode = (html) =>
  html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').trim();

/** One line: the median, 95th percentile, slowest and mean of a run of timings in ms. */
export function summary(name, timings, unit = 'requests') {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  console.log(
    `${name}: p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${sorted.at(-1).toFixed(2)} ms, mean ${mean.toFixed(2)} ms (${sorted.length} ${unit})`,
  );
}

/** Sends `request()` `count` times, one at a time, and summarises the time to the last byte. */
export async function time(name, count, request) {
  const timings = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await request();
    await response.arrayBuffer();
    timings.push(performance.now() - started);
    if (response.status >= 400) throw new Error(`${name}: ${response.status}`);
  }
  summary(name, timings);
}

/** Sign-in, form posts and page reads as a browser with JavaScript off would send them. */
export function client(base) {
  const form = (fields, cookie) => ({
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    form,
    async signIn(email) {
      const response = await fetch(`${base}/sign-in`, form({ email, password: PASSWORD }));
      const cookie = response.headers.get('set-cookie')?.split(';')[0];
      if (!cookie) throw new Error(`sign-in as ${email}: ${response.status}`);
      return cookie;
    },
    /** Posts a form and returns where it redirects to; anything else is a failure. */
    async post(path, fields, cookie) {
      const response = await fetch(`${base}${path}`, form(fields, cookie));
      const location = response.headers.get('location');
      if (response.status !== 303 || !location) {
        throw new Error(`POST ${path}: ${response.status}\n${(await response.text()).slice(0, 2000)}`);
      }
      return location;
    },
    async page(path, cookie) {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      return response.text();
    },
  };
}

/** The demo council opens, through its forms, a tender of `durationYears` years with every
 * measure of the demo framework that applies (written responses too when `writtenResponses`);
 * returns its id and the measures chosen. */
export async function openTenderOfEveryMeasure(http, admin, { reference, durationYears, writtenResponses }) {
  const newTender = await http.page('/manage/new-tender', admin);
  const version = newTender.match(/<option value="(\d+)"[^>]*>Pledgebook demo framework/)?.[1];
  if (!version) throw new Error('the demo framework is not offered on /manage/new-tender');
  const deadline = new Date(Date.now() + 30 * 86_400_000);
  const created = await http.post('/manage/new-tender', {
    reference,
    title: 'Benchmark: every measure over seven years',
    description: 'A tender for the benchmarks.',
    'contract-value': '40,000,000',
    'duration-years': String(durationYears),
    'start-date-day': '1',
    'start-date-month': '4',
    'start-date-year': String(deadline.getUTCFullYear() + 1),
    'deadline-day': String(deadline.getUTCDate()),
    'deadline-month': String(deadline.getUTCMonth() + 1),
    'deadline-year': String(deadline.getUTCFullYear()),
    'deadline-time': '17:00',
    'framework-version': version,
    'target-ratio': '0.25',
    'sv-weighting': '10',
    'quantitative-share': '70',
    'scoring-method': 'target_relative',
  }, admin);
  const tenderId = created.match(/\/manage\/tenders\/(\d+)/)[1];

  // The page lists only the measures that apply.
  const manage = await http.page(`/manage/tenders/${tenderId}`, admin);
  const listed = [...manage.matchAll(/name="chosen" type="checkbox" value="(\d+)"[^>]*>\s*<label[^>]*>([^<]*)<\/label>\s*<div class="govuk-hint govuk-checkboxes__hint">([^<]*)<\/div>/g)]
    .map(([, id, label, kind]) => ({ id, label: decode(label), kind: decode(kind) }));
  if (listed.length === 0) throw new Error('no measures listed on the tender page');
  const chosen = listed.filter((m) => writtenResponses || m.kind !== 'Written response');
  const fields = new URLSearchParams();
  for (const m of listed) fields.append('shown', m.id);
  for (const m of chosen) fields.append('chosen', m.id);
  await http.post(`/manage/tenders/${tenderId}/measures`, fields, admin);
  await http.post(`/manage/tenders/${tenderId}/open`, {}, admin);
  return { tenderId, listed, chosen };
}

/** The supplier's offer on the tender with every box it may fill filled (numbers shifted by
 * `seed`), every plan and written response written, saved through the builder's form. */
export async function fillEveryBox(http, supplier, tenderId, chosen, seed = 0) {
  const offerId = (await http.post(`/tenders/${tenderId}/offer`, {}, supplier)).match(/\/offers\/(\d+)/)[1];
  const builder = await http.page(`/offers/${offerId}`, supplier);
  const hints = new Map([...builder.matchAll(/id="measure-(\d+)-hint" class="govuk-hint">([^<]*)</g)].map(([, id, hint]) => [id, decode(hint)]));
  const boxes = [...builder.matchAll(/name="(q-(\d+)-(\d+))"/g)].map(([, name, measure, year]) => ({ name, measure, year: Number(year) }));
  const offer = new URLSearchParams();
  let filled = 0;
  for (const [i, box] of boxes.entries()) {
    const hint = hints.get(box.measure) ?? '';
    // A measure that counts in year 1 only refuses any quantity in a later year: left empty.
    if (hint.includes('Counts in year 1 only.') && box.year !== 1) {
      offer.append(box.name, '');
      continue;
    }
    offer.append(box.name, String(3 + ((i * 7 + seed * 5) % 40)));
    filled += 1;
  }
  for (const m of chosen) {
    if (m.kind === 'Written response') offer.append(`response-${m.id}`, `Our answer on measure ${m.id}.`);
    else offer.append(`plan-${m.id}`, `How we will deliver measure ${m.id}.`);
  }
  offer.append('action', 'save');
  await http.post(`/offers/${offerId}`, offer, supplier);
  const saved = await http.page(`/offers/${offerId}`, supplier);
  const total = decode(saved.match(/pb-figures__total">([^<]*)</)?.[1] ?? '?');
  const firstYearOnly = [...hints.values()].filter((h) => h.includes('Counts in year 1 only.')).length;
  return { offerId, boxes, filled, total, firstYearOnly };
}
