// Opens a stockcast report in headless Chromium (Debian's, driven by playwright-core) and checks it:
// no console error or page error, no network request besides the file itself, every expected chart
// drawn with the expected number of series and points and ink on its canvas, the comparison table
// sortable with rows that do not beat naive marked. Saves a full-page screenshot.
//
//   node browser_check.cjs --chromium /usr/bin/chromium --report DIR/report.html
//        --expect expected.json --screenshot report.png
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launch } = require('./chromium_launch.cjs');

function parseArgs(argv) {
  const args = {};
  for (let i = 2; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const key of ['chromium', 'report', 'expect', 'screenshot']) {
    if (!args[key]) throw new Error(`browser_check: --${key} is required`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv);
  const expected = JSON.parse(fs.readFileSync(args.expect, 'utf8'));
  const failures = [];
  const fail = (message) => failures.push(message);

  const { context, cleanup } = await launch(args.chromium);
  try {
    const page = await context.newPage();
    const requests = [];
    context.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') fail(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => fail(`page error: ${error.message}`));
    page.on('requestfailed', (request) => fail(`request failed: ${request.url()}`));

    const url = 'file://' + path.resolve(args.report);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.stockcastReport && window.stockcastReport.ready, null, { timeout: 30000 });

    const charts = await page.evaluate(() => window.stockcastReport.charts.map((c) => {
      const canvas = c.plot.ctx.canvas;
      const pixels = c.plot.ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
      const lengths = c.plot.data.map((a) => a.length);
      const finite = c.plot.data.slice(1).map((a) => a.some((v) => v !== null && Number.isFinite(v)));
      const box = c.element.getBoundingClientRect();
      return { id: c.id, title: c.title, series: c.plot.series.length - 1, points: lengths[0], lengths, finite, inked,
               width: box.width, height: box.height,
               axisLabels: Array.from(c.element.querySelectorAll('.u-label')).length,
               legend: c.element.querySelectorAll('.u-legend .u-series').length };
    }));
    const byId = new Map(charts.map((c) => [c.id, c]));
    if (charts.length !== expected.length) fail(`${charts.length} charts drawn, ${expected.length} expected`);
    for (const e of expected) {
      const c = byId.get(e.id);
      if (!c) { fail(`chart '${e.id}' missing`); continue; }
      if (c.series !== e.series) fail(`chart '${e.id}': ${c.series} series, expected ${e.series}`);
      if (c.points !== e.points) fail(`chart '${e.id}': ${c.points} points, expected ${e.points}`);
      if (c.lengths.some((n) => n !== e.points)) fail(`chart '${e.id}': series lengths ${c.lengths} differ`);
      c.finite.forEach((ok, k) => { if (!ok) fail(`chart '${e.id}': series ${k + 1} has no value`); });
      if (c.inked < 2000) fail(`chart '${e.id}': canvas nearly blank (${c.inked} pixels drawn)`);
      if (c.width < 300 || c.height < 200) fail(`chart '${e.id}': ${c.width}x${c.height} is too small`);
      if (c.legend !== e.series + 1) fail(`chart '${e.id}': legend has ${c.legend} entries`);
      if (!c.title) fail(`chart '${e.id}': no title`);
    }
    for (const c of charts) if (!expected.some((e) => e.id === c.id)) fail(`unexpected chart '${c.id}'`);

    // The comparison table: marked rows, sortable by MSE.
    const table = await page.evaluate(() => {
      const t = document.querySelector('#table-metrics');
      if (!t) return null;
      const headers = Array.from(t.querySelectorAll('thead th')).map((h) => h.textContent);
      return { headers, worse: t.querySelectorAll('tbody tr.worse-than-naive').length,
               rows: t.querySelectorAll('tbody tr').length };
    });
    if (!table) {
      fail('comparison table missing');
    } else {
      if (table.worse === 0) fail('no comparison row marked as not beating naive');
      const mse = table.headers.indexOf('MSE');
      await page.click(`#table-metrics thead th:nth-child(${mse + 1})`);
      const values = await page.evaluate((col) => Array.from(document.querySelectorAll('#table-metrics tbody tr'))
        .map((tr) => Number(tr.children[col].title)), mse);
      for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) fail(`MSE column not sorted after a click: ${values}`);
    }

    // Zoom: a mouse drag across the first prediction chart narrows its x range.
    const first = charts.find((c) => c.id.startsWith('pred-'));
    if (first) {
      const over = page.locator(`#chart-${first.id} .u-over`);
      await over.scrollIntoViewIfNeeded();
      const box = await over.boundingBox();
      const range = () => page.evaluate((id) => {
        const c = window.stockcastReport.charts.find((x) => x.id === id);
        return c.plot.scales.x.max - c.plot.scales.x.min;
      }, first.id);
      const before = await range();
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      const after = await range();
      if (!(after < before * 0.5)) fail(`dragging across '${first.id}' did not zoom (${before} -> ${after})`);
      await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
      const reset = await range();
      if (reset !== before) fail(`double-click did not reset the zoom of '${first.id}' (${reset} != ${before})`);
    }

    const renderMs = await page.evaluate(() => window.stockcastReport.renderMs);
    await page.screenshot({ path: args.screenshot, fullPage: true });

    // Printable: A4 PDF with the charts kept on the page (print styles hide navigation and cursors).
    const pdfPath = args.screenshot.replace(/\.png$/, '') + '.pdf';
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    const pdf = fs.readFileSync(pdfPath, 'latin1');
    const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
    if (!pdf.startsWith('%PDF') || pages < 3) fail(`print to PDF gave ${pages} pages`);

    const others = requests.filter((u) => u !== url);
    if (others.length) fail(`network requests besides the report itself: ${others.join(', ')}`);

    console.log(`report_browser: ${charts.length} charts, ${table ? table.rows : 0} comparison rows, ` +
                `rendered in ${renderMs.toFixed(0)} ms; ${pages} printed pages; screenshot ${args.screenshot}`);
  } finally {
    await cleanup();
  }
  if (failures.length) {
    for (const f of failures) console.error('FAIL: ' + f);
    process.exit(1);
  }
  console.log('report_browser: all checks passed');
}

main().catch((error) => { console.error(error); process.exit(1); });
