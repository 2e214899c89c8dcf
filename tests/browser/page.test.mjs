// Browser test of the built page (it builds nothing): serves build/web/page with scripts/serve,
// opens it in Debian's headless Chromium through playwright-core, and fails on console or page
// errors, a page that is not cross-origin isolated, a blank canvas, or info() not reporting SIMD,
// threads and WebGL 2. Saves screenshots beside the build.
//   GENLAB_WEB_PAGE     the built page folder (default build/web/page)
//   GENLAB_SCREENSHOTS  where screenshots go (default build/web/screenshots)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'web/package.json'));
const { chromium } = require('playwright-core');
const { PNG } = require('pngjs');

const pageDir = process.env.GENLAB_WEB_PAGE || path.join(root, 'build/web/page');
const shotDir = process.env.GENLAB_SCREENSHOTS || path.join(root, 'build/web/screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

// Starts scripts/serve on a free port; resolves to { url, stop }.
function serve(...flags) {
  return new Promise((resolve, reject) => {
    const server = spawn('/usr/bin/python3', [path.join(root, 'scripts/serve'), '--port', '0', '--dir', pageDir, ...flags],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve({ url: m[1], stop: () => server.kill() });
    });
    server.on('exit', (code) => reject(new Error(`scripts/serve exited with ${code} before serving`)));
  });
}

// Colours in a screenshot, and whether one close to `rgb` is among them.
function screenshotStats(png, rgb) {
  const img = PNG.sync.read(png);
  const colors = new Set();
  let hasColor = false;
  for (let i = 0; i < img.data.length; i += 4 * 7) {
    const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
    colors.add((r << 16) | (g << 8) | b);
    if (Math.abs(r - rgb[0]) < 8 && Math.abs(g - rgb[1]) < 8 && Math.abs(b - rgb[2]) < 8) hasColor = true;
  }
  return { width: img.width, height: img.height, colors: colors.size, hasColor };
}

let browser;
before(async () => {
  mkdirSync(shotDir, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});
after(async () => { await browser?.close(); });

test('the page renders cross-origin isolated with WebGL 2, SIMD and threads, sharp at ratio 2', async () => {
  const server = await serve();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()} (${msg.location().url})`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  try {
    await page.goto(server.url);
    // Three frames rendered, or the page showing an error: either ends the wait at once.
    await page.waitForFunction(() => {
      if (document.getElementById('status').classList.contains('error')) return true;
      try { return window.genlab.frames() >= 3; } catch { return false; }
    }, null, { timeout: 30000 });
    const shownError = await page.evaluate(() => {
      const status = document.getElementById('status');
      return status.classList.contains('error') ? status.textContent : null;
    });
    assert.equal(shownError, null, 'the page shows an error');
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'page is not cross-origin isolated');
    // Pool workers start asynchronously; give them a moment before judging threads.
    await page.waitForFunction(() => window.genlab.info().threads, null, { timeout: 10000 }).catch(() => {});
    const info = await page.evaluate(() => window.genlab.info());
    assert.equal(info.simd, true, 'info().simd');
    assert.equal(info.simd_isa, 'wasm-simd128');
    assert.equal(info.threads, true, `info().threads (thread_count ${info.thread_count}, running ${info.workers_running})`);
    assert.ok(info.thread_count >= 2, 'thread_count');
    assert.equal(info.webgl_version, 2, 'WebGL 2');
    assert.equal(info.cross_origin_isolated, true);
    assert.equal(info.imgui_version, '1.86');
    assert.equal(info.sdl_version, '2.26.5');
    assert.equal(info.pixel_ratio, 2, 'drawn at devicePixelRatio 2');
    assert.deepEqual(info.framebuffer, [2560, 1600], 'canvas backing store is CSS size x devicePixelRatio');

    const shot = await page.screenshot();
    writeFileSync(path.join(shotDir, 'page.png'), shot);
    const stats = screenshotStats(shot, [0xfd, 0xe7, 0x25]);
    assert.equal(stats.width, 2560);
    assert.ok(stats.colors >= 50, `canvas looks blank: ${stats.colors} colours`);
    assert.ok(stats.hasColor, 'no viridis yellow: the colormap shader did not draw');

    // The canvas follows the window.
    await page.setViewportSize({ width: 900, height: 600 });
    const framesBefore = await page.evaluate(() => window.genlab.frames());
    await page.waitForFunction((n) => window.genlab.frames() > n + 2, framesBefore);
    assert.deepEqual((await page.evaluate(() => window.genlab.info())).framebuffer, [1800, 1200], 'resize');
    writeFileSync(path.join(shotDir, 'page-resized.png'), await page.screenshot());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('without cross-origin isolation the page says so plainly', async () => {
  const server = await serve('--no-isolation');
  const context = await browser.newContext({ viewport: { width: 1000, height: 600 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  try {
    await page.goto(server.url);
    const status = page.locator('#status');
    await status.waitFor({ state: 'visible' });
    assert.match(await status.innerText(), /not cross-origin isolated/);
    assert.match(await status.innerText(), /scripts\/serve/);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    writeFileSync(path.join(shotDir, 'page-not-isolated.png'), await page.screenshot());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('the page loads MNIST from the server and trains a VAE on its own thread: the loss falls, frames go on', async () => {
  const server = await serve();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.genlab.data !== null, null, { timeout: 30000 });
    await page.evaluate(() => window.genlab.data);  // rejects with the reason if the data did not load
    await page.evaluate(() => {
      window.genlab.start('vae', { config: { n_latent: 20 }, train: { batch: 128, binarize: 'dynamic', seed: 1 } });
      window.genlab.step();
    });
    await page.waitForFunction(() => window.genlab.status().step >= 1, null, { timeout: 30000 });
    const first = await page.evaluate(() => window.genlab.status());
    assert.equal(first.model, 'vae');
    assert.equal(first.error, '');
    const framesBefore = await page.evaluate(() => window.genlab.frames());
    await page.evaluate(() => window.genlab.play());
    await page.waitForFunction(() => window.genlab.status().step >= 60, null, { timeout: 120000, polling: 250 });
    const later = await page.evaluate(() => window.genlab.status());
    const frames = (await page.evaluate(() => window.genlab.frames())) - framesBefore;
    await page.evaluate(() => window.genlab.pause());
    assert.ok(later.playing, 'status().playing while training');
    assert.ok(later.samples_per_s > 0, 'samples_per_s');
    assert.ok(later.metrics.loss < 0.6 * first.metrics.loss,
      `loss did not fall: ${first.metrics.loss} at step 1, ${later.metrics.loss} at step ${later.step}`);
    assert.ok(frames > 20, `the page drew only ${frames} frames while training: it froze`);
    writeFileSync(path.join(shotDir, 'page-training.png'), await page.screenshot());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});
