// Opens a `seg report` HTML page in headless Chromium with the network cut off, and checks it:
// no request leaves the page, no console or page error, every chart drawn with a size, every
// number carrying `data-metric` equal to the one in the report's JSON. Saves a full-page
// screenshot.
//
// Usage: node check-report.mjs REPORT.html REPORT.json SCREENSHOT.png
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlPath, jsonPath, screenshotPath] = process.argv.slice(2);
if (!htmlPath || !jsonPath || !screenshotPath) {
  console.error('usage: node check-report.mjs REPORT.html REPORT.json SCREENSHOT.png');
  process.exit(2);
}

const failures = [];
const fail = (message) => failures.push(message);

/** The value at JSON pointer `pointer` (RFC 6901) in `doc`, or undefined. */
function at(doc, pointer) {
  if (pointer === '') return doc;
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), doc);
}

const model = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seg-report-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1100, height: 900 },
  offline: true,
});

let external = 0;
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith('file:')) return route.continue();
  external += 1;
  console.error(`blocked request: ${url}`);
  return route.abort();
});

try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') fail(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => fail(`page error: ${err.message}`));
  await page.goto(pathToFileURL(path.resolve(htmlPath)).href, { waitUntil: 'load' });

  const sections = await page.$$eval('section.report-section', (nodes) =>
    nodes.map((s) => ({
      id: s.id,
      charts: [...s.querySelectorAll('svg')].map((svg) => {
        const box = svg.getBoundingClientRect();
        return { width: box.width, height: box.height };
      }),
      sentence: s.querySelector('p.empty') !== null,
    })),
  );
  if (sections.length !== model.sections.length) {
    fail(`${sections.length} sections on the page, ${model.sections.length} in the JSON`);
  }
  let charts = 0;
  for (const s of sections) {
    if (s.charts.length === 0 && !s.sentence) fail(`section ${s.id} has neither a chart nor a sentence`);
    for (const c of s.charts) {
      charts += 1;
      if (!(c.width > 0 && c.height > 0)) fail(`a chart of section ${s.id} is ${c.width}×${c.height}`);
    }
  }

  const numbers = await page.$$eval('[data-metric]', (nodes) =>
    nodes.map((n) => ({
      metric: n.dataset.metric,
      path: n.dataset.path,
      value: n.dataset.value,
    })),
  );
  for (const n of numbers) {
    const expected = at(model, n.path);
    if (typeof expected !== 'number') fail(`${n.metric} at ${n.path}: no number in the JSON`);
    else if (Number(n.value) !== expected) fail(`${n.metric} at ${n.path}: page ${n.value}, JSON ${expected}`);
  }
  if (numbers.length === 0) fail('no data-metric number on the page');
  if (charts === 0) fail('no chart on the page');

  fs.mkdirSync(path.dirname(path.resolve(screenshotPath)), { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: true });
  console.log(
    `${sections.length} sections, ${charts} charts, ${numbers.length} numbers checked, ${external} external requests`,
  );
  console.log(`screenshot: ${path.resolve(screenshotPath)}`);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

if (external !== 0) fail(`${external} request(s) tried to leave the page`);
if (failures.length > 0) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
