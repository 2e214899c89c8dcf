// Browser test of the built page (it builds nothing): serves build/web/page with scripts/serve,
// opens it in Debian's headless Chromium through playwright-core, and fails on console or page
// errors, a page that is not cross-origin isolated, a blank canvas, or info() not reporting SIMD,
// threads and WebGL 2. Saves screenshots beside the build.
//   GENLAB_WEB_PAGE     the built page folder (default build/web/page)
//   GENLAB_SCREENSHOTS  where screenshots go (default build/web/screenshots)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, requireWeb, root, serve as serveDir } from './harness.mjs';

const { PNG } = requireWeb('pngjs');

const pageDir = process.env.GENLAB_WEB_PAGE || path.join(root, 'build/web/page');
const shotDir = process.env.GENLAB_SCREENSHOTS || path.join(root, 'build/web/screenshots');

// Serves the built page; flags go to scripts/serve.
function serve(...flags) { return serveDir(pageDir, ...flags); }

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
  browser = await launchChromium();
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

// A page on a fresh browser context (its own IndexedDB), with console errors and page errors collected.
async function openPage(server, { width = 1280, height = 800, query = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(server.url + query);
  await page.waitForFunction(() => window.genlab.data !== null, null, { timeout: 30000 });
  await page.evaluate(() => window.genlab.data);
  return { context, page, problems };
}

// Waits for n more frames: ImGui sees the mouse once per frame.
async function nextFrames(page, n = 2) {
  const f = await page.evaluate(() => window.genlab.frames());
  await page.waitForFunction((m) => window.genlab.frames() >= m, f + n, { timeout: 10000 });
}

// A screenshot of one ImGui window, by its title, as the page reports where it is.
async function shootWindow(page, title, file) {
  const rect = (await page.evaluate(() => window.genlab.status().panels.windows))[title];
  assert.ok(rect, `window '${title}' is not open`);
  const [x, y, width, height] = rect;
  const png = await page.screenshot({ clip: { x, y, width, height } });
  writeFileSync(path.join(shotDir, file), png);
  return png;
}

test('drawing a 7 with the mouse: the shipped classifier says 7, the denoiser cleans it, the autoencoder codes it', async () => {
  const server = await serve();
  const { context, page, problems } = await openPage(server);
  try {
    await nextFrames(page, 3);
    const [x, y, w, h] = (await page.evaluate(() => window.genlab.status())).panels.draw.canvas;
    assert.ok(w > 100 && h > 100, `draw canvas at ${[x, y, w, h]}`);
    // A "7": a bar across the top, then the diagonal down to the bottom left, in small mouse moves.
    const path7 = [];
    for (let t = 0; t <= 1; t += 0.1) path7.push([0.22 + 0.56 * t, 0.2]);
    for (let t = 0.1; t <= 1; t += 0.1) path7.push([0.78 - 0.36 * t, 0.2 + 0.65 * t]);
    await page.mouse.move(x + path7[0][0] * w, y + path7[0][1] * h);
    await nextFrames(page);
    await page.mouse.down();
    for (const [px, py] of path7) {
      await page.mouse.move(x + px * w, y + py * h);
      await nextFrames(page);
    }
    await page.mouse.up();
    await page.waitForFunction(() => window.genlab.status().panels.draw.current, null, { timeout: 10000 });
    const draw = (await page.evaluate(() => window.genlab.status())).panels.draw;
    assert.match(draw.classifier, /judge|cnn|mlp/);
    assert.equal(draw.predicted, 7, `the classifier says ${draw.predicted}: ${JSON.stringify(draw.probs)}`);
    assert.ok(draw.probs[7] > 0.5, `p(7) = ${draw.probs[7]}`);
    assert.equal(draw.denoiser, 'dae');
    assert.ok(draw.noisy_mse > 0.05, `the noisy input is hardly noisy: ${draw.noisy_mse}`);
    assert.ok(draw.denoised_mse < 0.5 * draw.noisy_mse,
      `the denoiser's output (${draw.denoised_mse}) is not closer to the drawing than its input (${draw.noisy_mse})`);
    assert.equal(draw.autoencoder, 'vae');
    assert.equal(draw.code.length, 20);
    await shootWindow(page, 'Draw', 'panel-draw.png');

    // The API answers with the same models: a blank image is no 7, and denoising is seeded.
    const blank = new Array(784).fill(0);
    const answer = await page.evaluate((b) => window.genlab.classify(b), blank);
    assert.equal(answer.probs.length, 10);
    const d1 = await page.evaluate(() => { const s = new Array(784).fill(0); for (let r = 4; r < 24; ++r) s[r * 28 + 14] = 1; return window.genlab.denoise(s, { noise: 'mask', level: 0.5, seed: 3 }); });
    assert.ok(d1.denoised_mse < d1.noisy_mse, `API denoise: ${d1.denoised_mse} vs ${d1.noisy_mse}`);
    await assert.rejects(page.evaluate(() => window.genlab.classify([1, 2, 3])), /784 values/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('the shipped GAN shows a sample grid; save then load gives the same samples; a corrupt file is refused', async () => {
  const server = await serve();
  const { context, page, problems } = await openPage(server);
  try {
    await page.evaluate(() => window.genlab.start('gan', { pretrained: 'gan', train: { batch: 64, lr: 2e-4, beta1: 0.5, seed: 1 } }));
    await page.waitForFunction(() => window.genlab.status().origin === 'gan', null, { timeout: 30000 });
    await page.waitForFunction(() => { const s = window.genlab.status().panels.sample; return s.current && s.count === 64; },
      null, { timeout: 10000 });
    const shown = (await page.evaluate(() => window.genlab.status())).panels.sample;
    assert.match(shown.model, /^gan/);
    assert.ok(shown.mean_pixel > 0.05 && shown.mean_pixel < 0.5, `grid mean ${shown.mean_pixel}: blank or washed out`);
    await nextFrames(page, 2);
    const grid = screenshotStats(await shootWindow(page, 'Samples', 'panel-samples-gan.png'), [255, 255, 255]);
    assert.ok(grid.colors > 30 && grid.hasColor, `the sample window looks empty: ${grid.colors} colours`);

    const before = await page.evaluate(() => window.genlab.sample({ seed: 3 }).images);
    // The saved bytes stay in the page (megabytes are slow to pass through the test's protocol).
    const saved = await page.evaluate(() => { window.savedGan = window.genlab.save(); return { name: window.savedGan.name, size: window.savedGan.bytes.length, head: Array.from(window.savedGan.bytes.slice(0, 20000)) }; });
    assert.match(saved.name, /^gan-step0\.safetensors$/);
    assert.ok(saved.size > 1e6, `saved ${saved.size} bytes`);
    await page.evaluate(() => { window.genlab.step(); window.genlab.step(); window.genlab.step(); });
    await page.waitForFunction(() => window.genlab.status().step === 3, null, { timeout: 30000 });
    await page.waitForFunction(() => window.genlab.status().panels.sample.current, null, { timeout: 10000 });
    const trained = await page.evaluate(() => window.genlab.sample({ seed: 3 }).images);
    assert.notDeepEqual(trained, before, 'three steps changed nothing');

    await page.evaluate(() => window.genlab.load(window.savedGan.bytes, 'saved-gan.safetensors'));
    await page.waitForFunction(() => window.genlab.status().origin === 'saved-gan.safetensors', null, { timeout: 30000 });
    assert.equal((await page.evaluate(() => window.genlab.status())).step, 0);
    const again = await page.evaluate(() => window.genlab.sample({ seed: 3 }).images);
    assert.deepEqual(again, before, 'the loaded checkpoint does not give the saved samples');

    // A truncated file through the page's file picker: an error on the page, the model unchanged.
    const cut = Buffer.from(saved.head);
    await page.setInputFiles('#checkpoint-file', { name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: cut });
    await page.waitForFunction(() => window.genlab.status().error.includes('broken.safetensors'), null, { timeout: 30000 });
    const after = await page.evaluate(() => window.genlab.status());
    assert.match(after.error, /truncated|header|short/);
    assert.equal(after.model, 'gan');
    assert.equal(after.origin, 'saved-gan.safetensors');
    assert.deepEqual(await page.evaluate(() => window.genlab.sample({ seed: 3 }).images), before, 'the model changed');
    await nextFrames(page, 2);
    await shootWindow(page, 'Model and training', 'panel-training-error.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('a reload resumes the autosaved run from IndexedDB', async () => {
  const server = await serve();
  const { context, page, problems } = await openPage(server);
  try {
    await page.evaluate(() => { window.genlab.start('vae', { config: { n_latent: 2 }, train: { batch: 64, seed: 4 } }); });
    await page.evaluate(() => { for (let i = 0; i < 5; ++i) window.genlab.step(); });
    await page.waitForFunction(() => window.genlab.status().step === 5, null, { timeout: 30000 });
    const saved = await page.evaluate(() => window.genlab.autosave());
    assert.equal(saved.step, 5);
    const samples = await page.evaluate(() => window.genlab.sample({ seed: 2 }).images);
    await page.reload();
    await page.waitForFunction(() => window.genlab.autosaved !== null, null, { timeout: 30000 });
    const restored = await page.evaluate(() => window.genlab.autosaved);
    assert.deepEqual({ model: restored.model, step: restored.step }, { model: 'vae', step: 5 });
    await page.waitForFunction(() => window.genlab.status().step === 5, null, { timeout: 30000 });
    const s = await page.evaluate(() => window.genlab.status());
    assert.equal(s.model, 'vae');
    assert.equal(s.config.n_latent, 2);
    assert.deepEqual(await page.evaluate(() => window.genlab.sample({ seed: 2 }).images), samples);
    // The Z = 2 manifold of the restored model.
    assert.equal((await page.evaluate(() => window.genlab.sample({ mode: 'manifold' }))).count, 225);
    await page.evaluate(() => window.genlab.step());
    await page.waitForFunction(() => window.genlab.status().step === 6, null, { timeout: 30000 });
    await page.evaluate(() => window.genlab.clearAutosave());
    await page.reload();
    await page.waitForFunction(() => window.genlab.autosaved !== null, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => window.genlab.autosaved), null);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('the data panel takes picked IDX files, and refuses bad ones while keeping the data', async () => {
  const server = await serve();
  const { context, page, problems } = await openPage(server);
  try {
    const dir = process.env.GENLAB_DATA ? path.join(process.env.GENLAB_DATA, 'mnist') : path.join(root, '../shared/data/mnist');
    await page.setInputFiles('#data-files', [path.join(dir, 'train-labels-idx1-ubyte.gz'), path.join(dir, 'train-images-idx3-ubyte.gz')]);
    await page.waitForFunction(() => window.genlab.status().data.includes('(from '), null, { timeout: 30000 });
    assert.match((await page.evaluate(() => window.genlab.status())).data,
      /^mnist\/train, 60000 images \(from train-images-idx3-ubyte\.gz \+ train-labels-idx1-ubyte\.gz\)$/);
    await page.setInputFiles('#data-files', [
      { name: 'images.gz', mimeType: 'application/gzip', buffer: Buffer.from('not gzip at all') },
      { name: 'train-labels-idx1-ubyte.gz', mimeType: 'application/gzip', buffer: readFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz')) }]);
    await page.waitForFunction(() => window.genlab.status().data.startsWith('images.gz'), null, { timeout: 30000 });
    const refused = (await page.evaluate(() => window.genlab.status())).data;
    assert.match(refused, /images\.gz/);
    assert.match(refused, /still on mnist\/train/);
    // The data window: the kept training images with their labels, and the refusal.
    await page.evaluate(() => window.genlab.show('Data'));
    await nextFrames(page, 3);
    const grid = screenshotStats(await shootWindow(page, 'Data', 'panel-data.png'), [255, 255, 255]);
    assert.ok(grid.colors > 30 && grid.hasColor, `the data window shows no digits: ${grid.colors} colours`);
    // The server's list of shipped weights names the model kind inside each file.
    const index = await page.evaluate(async () => (await fetch('models/index.json')).json());
    assert.deepEqual(index.find((e) => e.name === 'judge'), { name: 'judge', model: 'cnn' });
    // Training still works on the kept data.
    await page.evaluate(() => { window.genlab.start('mlp'); window.genlab.step(); });
    await page.waitForFunction(() => window.genlab.status().step === 1, null, { timeout: 30000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('the latent window: test digits encoded to 2-D by the shipped AE and Z = 2 VAE, the point under the mouse decoded', async () => {
  const server = await serve();
  const { context, page, problems } = await openPage(server);
  try {
    await assert.rejects(page.evaluate(() => window.genlab.show('No such window')), /no window 'No such window'/);
    await page.evaluate(() => { window.genlab.hide('Draw'); window.genlab.show('Latent space'); });
    await page.waitForFunction(() => { const l = window.genlab.status().panels.latent; return l.open && l.views[0].points === 2000; },
      null, { timeout: 60000 });
    const latent = (await page.evaluate(() => window.genlab.status())).panels.latent;
    assert.equal(latent.views[0].model, 'ae');
    assert.equal(latent.views[1].model, 'vae_z2');
    assert.equal(latent.views[1].points, 2000);
    const [x, y, w] = (await page.evaluate(() => window.genlab.status().panels.windows))['Latent space'];
    // The AE's plot is the left one, below two lines of text: hover somewhere inside it.
    await page.mouse.move(x + w * 0.25, y + 200);
    await page.waitForFunction(() => window.genlab.status().panels.latent.views[0].decoded, null, { timeout: 10000 });
    await nextFrames(page, 3);
    await shootWindow(page, 'Latent space', 'panel-latent.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('the metrics window evaluates the shipped VAE on test digits in the page', async () => {
  const server = await serve();
  const { context, page, problems } = await openPage(server);
  try {
    await page.evaluate(() => { window.genlab.show('Metrics'); window.genlab.start('vae', { pretrained: 'vae' }); });
    await page.waitForFunction(() => window.genlab.status().origin === 'vae', null, { timeout: 30000 });
    // The test split arrives after the training split.
    await page.waitForFunction(() => { try { window.genlab.evaluate({ limit: 1000, iwae_k: 0 }); return true; } catch { return false; } },
      null, { timeout: 30000, polling: 500 });
    await page.waitForFunction(() => { const m = window.genlab.status().panels.metrics; return !m.running && m.result; },
      null, { timeout: 120000, polling: 250 });
    const m = (await page.evaluate(() => window.genlab.status())).panels.metrics;
    assert.equal(m.error, '');
    assert.match(m.model, /^vae at step 0$/);
    // The shipped Z = 20 VAE scores 97.4 nats on all 10000 test digits; 1000 of them land close.
    assert.ok(m.result.test_neg_elbo > 85 && m.result.test_neg_elbo < 110, `neg. ELBO ${m.result.test_neg_elbo}`);
    assert.ok(m.result.judge_is > 5, `judge IS of the VAE's samples ${m.result.judge_is}`);
    await nextFrames(page, 3);
    await shootWindow(page, 'Metrics', 'panel-metrics.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    server.stop();
  }
});
