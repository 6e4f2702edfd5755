#!/usr/bin/env node
// Renders images/icon.png (128×128, the Marketplace icon) from the SVG below with headless
// chromium, so the icon is made here and never downloaded. Needs the e2e dependencies:
//   node test/e2e/tools/make-icon.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, REPO_ROOT, ensureE2eDeps, loadPlaywright } from '../lib/deps.mjs';

// A prompt cut into tokens: rows of pills of different widths, like text split by a tokenizer,
// on a rounded indigo-to-teal square; the last row is short and amber, a budget nearly spent.
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4338CA"/>
      <stop offset="1" stop-color="#0891B2"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="26" fill="url(#bg)"/>
  <g fill="#FFFFFF">
    <rect x="22" y="30" width="30" height="14" rx="7"/>
    <rect x="56" y="30" width="18" height="14" rx="7" fill-opacity="0.75"/>
    <rect x="78" y="30" width="28" height="14" rx="7"/>
    <rect x="22" y="52" width="18" height="14" rx="7" fill-opacity="0.75"/>
    <rect x="44" y="52" width="38" height="14" rx="7"/>
    <rect x="86" y="52" width="20" height="14" rx="7" fill-opacity="0.75"/>
    <rect x="22" y="74" width="26" height="14" rx="7"/>
    <rect x="52" y="74" width="22" height="14" rx="7" fill-opacity="0.75"/>
  </g>
  <rect x="22" y="96" width="84" height="6" rx="3" fill="#FFFFFF" fill-opacity="0.3"/>
  <rect x="22" y="96" width="70" height="6" rx="3" fill="#FBBF24"/>
</svg>`;

ensureE2eDeps();
const { chromium } = await loadPlaywright();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${SVG}</body></html>`);
  mkdirSync(join(REPO_ROOT, 'images'), { recursive: true });
  const out = join(REPO_ROOT, 'images', 'icon.png');
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log('wrote', out);
} finally {
  await browser.close();
}
