// Launches Debian's Chromium headless through playwright-core with a fresh, empty profile and every
// background network feature off (the machine has no network; see docs/report.md).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

async function launch(executablePath, viewport = { width: 1280, height: 900 }) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockcast-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const cleanup = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, cleanup };
}

module.exports = { launch };
