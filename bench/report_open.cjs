// Open-time benchmark of the HTML report (not a test; see docs/report.md): how long a report with
// 10 models over 5,000 days takes to open in headless Chromium, from navigation start until every
// chart is drawn (window.stockcastReport.ready), over several fresh page loads.
//
//   node bench/report_open.cjs --chromium /usr/bin/chromium --report DIR/report.html [--runs 7]
// (the CMake target bench_report_open builds the report from bundled data and runs this).
'use strict';
const fs = require('fs');
const path = require('path');
const { launch } = require('../tests/report/chromium_launch.cjs');

function parseArgs(argv) {
  const args = { runs: '7' };
  for (let i = 2; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!args.chromium || !args.report) throw new Error('report_open: --chromium and --report are required');
  return args;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function main() {
  const args = parseArgs(process.argv);
  const url = 'file://' + path.resolve(args.report);
  const bytes = fs.statSync(args.report).size;
  const launchStart = Date.now();
  const { context, cleanup } = await launch(args.chromium);
  const launchMs = Date.now() - launchStart;
  const open = [];
  const script = [];
  let charts = 0;
  let points = 0;
  try {
    for (let run = 0; run < Number(args.runs); run++) {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => window.stockcastReport && window.stockcastReport.ready, null, { timeout: 60000 });
      // Wait one animation frame so the canvases are painted, then read the clock.
      const t = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve({
        ready: performance.now(),
        render: window.stockcastReport.renderMs,
        charts: window.stockcastReport.charts.length,
        points: window.stockcastReport.charts.reduce((n, c) => n + (c.plot.series.length - 1) * c.plot.data[0].length, 0),
      }))));
      if (errors.length) throw new Error('page errors: ' + errors.join('; '));
      open.push(t.ready);
      script.push(t.render);
      charts = t.charts;
      points = t.points;
      await page.close();
    }
  } finally {
    await cleanup();
  }
  const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`report: ${args.report} (${(bytes / 1e6).toFixed(2)} MB, ${charts} charts, ${points} plotted values)`);
  console.log(`browser launch: ${launchMs} ms (once)`);
  console.log(`open (navigation start -> all charts drawn), ${open.length} loads: ${fmt(open)}`);
  console.log(`  of which the report script (tables + uPlot charts): ${fmt(script)}`);
  console.log(median(open) < 2000 ? 'goal met: opens in under 2 s' : 'GOAL MISSED: 2 s');
}

main().catch((e) => { console.error(e); process.exit(1); });
