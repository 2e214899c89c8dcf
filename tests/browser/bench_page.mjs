// The page's performance, measured in headless Chromium (issue: "Performance"), one JSON line each:
//   page_shell          bytes of the page shell (wasm + js + html, before any data or weights)
//   page_first_frame    ms from navigation to the first frame genlab draws
//   page_frames_idle, page_frames_vae_training, page_frames_dcgan_training
//                       frame intervals (what the user sees) and the work inside each frame, p50/p95 ms;
//                       `drawn`: how many of the frames were drawn onto the canvas (a frame that
//                       would draw what is already there is not: genlab.framesDrawn())
//   page_train_vae      training throughput in the page (the W2 VAE: 784-400-20, batch 128, dynamic
//                       binarization) from the step counter over wall time, beside `genlab bench
//                       w2_vae_train` under node on 2 threads, and their ratio
// Usage: node tests/browser/bench_page.mjs [--seconds S] [--no-node]; reads the built page from
// GENLAB_WEB_PAGE (default build/web/page) and the node CLI from GENLAB_WEB_CLI
// (default build/web/genlab-cli.js). scripts/bench-page builds both first.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, root, serve } from './harness.mjs';

const args = process.argv.slice(2);
const seconds = Number(args.includes('--seconds') ? args[args.indexOf('--seconds') + 1] : 10);
if (!(seconds > 0)) throw new Error('--seconds takes a positive number');
const withNode = !args.includes('--no-node');
const pageDir = process.env.GENLAB_WEB_PAGE || path.join(root, 'build/web/page');
const cli = process.env.GENLAB_WEB_CLI || path.join(root, 'build/web/genlab-cli.js');

function emit(line) { console.log(JSON.stringify(line)); }

function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

// Frames drawn in the last `s` seconds: intervals between frame starts and the work inside each.
async function frames(page, s) {
  await page.evaluate(() => { window.__genlabFrames.length = 0; });
  await page.waitForTimeout(s * 1000);
  const f = await page.evaluate(() => window.__genlabFrames.slice());
  const intervals = [];
  for (let i = 1; i < f.length; ++i) intervals.push(f[i][0] - f[i - 1][0]);
  const work = f.map(([a, b]) => b - a);
  const round = (x) => Math.round(x * 100) / 100;
  const drawn = f.length > 0 ? f[f.length - 1][2] - f[0][2] : 0;
  return {
    frames: f.length, fps: round(f.length / s), drawn, drawn_per_s: round(drawn / s),
    interval_p50_ms: round(percentile(intervals, 0.5)), interval_p95_ms: round(percentile(intervals, 0.95)),
    interval_max_ms: round(Math.max(0, ...intervals)),
    work_p50_ms: round(percentile(work, 0.5)), work_p95_ms: round(percentile(work, 0.95)),
  };
}

async function main() {
  let shell = 0;
  for (const f of readdirSync(pageDir)) shell += statSync(path.join(pageDir, f)).size;
  emit({ name: 'page_shell', bytes: shell, mb: Math.round(shell / 1e4) / 100, target_mb: 4, files: readdirSync(pageDir) });

  const server = await serve(pageDir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Every animation frame's start and end (Emscripten's main loop runs on requestAnimationFrame).
    await page.addInitScript(() => {
      window.__genlabFrames = [];
      window.__genlabFirstFrame = null;
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => raf((t) => {
        const start = performance.now();
        cb(t);
        const end = performance.now();
        let drawn = 0;
        try { drawn = window.genlab.framesDrawn(); } catch { /* before the runtime is up */ }
        window.__genlabFrames.push([start, end, drawn]);
        if (window.__genlabFirstFrame === null && window.genlab && window.genlab.frames && (() => {
          try { return window.genlab.frames() > 0; } catch { return false; }
        })()) window.__genlabFirstFrame = end;
      });
    });
    await page.goto(server.url + '?fresh');
    await page.waitForFunction(() => window.__genlabFirstFrame !== null, null, { timeout: 30000 });
    emit({ name: 'page_first_frame', ms: Math.round(await page.evaluate(() => window.__genlabFirstFrame)), target_ms: 2000 });
    await page.evaluate(() => window.genlab.data);
    await page.waitForTimeout(1000);
    emit({ name: 'page_frames_idle', seconds, ...(await frames(page, seconds)), target_p95_ms: 20 });

    // The W2 VAE: frames while it trains, and its throughput from the step counter.
    await page.evaluate(() => {
      window.genlab.start('vae', { config: { n_latent: 20 }, train: { batch: 128, binarize: 'dynamic', seed: 1 } });
      window.genlab.play();
    });
    await page.waitForFunction(() => window.genlab.status().step > 20, null, { timeout: 60000 });
    const s0 = await page.evaluate(() => ({ step: window.genlab.status().step, t: performance.now() }));
    const vaeFrames = await frames(page, seconds);
    const s1 = await page.evaluate(() => ({ step: window.genlab.status().step, t: performance.now() }));
    emit({ name: 'page_frames_vae_training', seconds, ...vaeFrames, target_p95_ms: 20 });
    const pageRate = ((s1.step - s0.step) * 128) / ((s1.t - s0.t) / 1000);
    await page.evaluate(() => window.genlab.pause());

    await page.evaluate(() => {
      // The Train panel's DCGAN preset (models/registry.cpp): W3's network with a hidden dense
      // layer of 256 units in the discriminator.
      window.genlab.start('dcgan', { config: { disc_hidden: 256 }, train: { batch: 64, lr: 2e-4, beta1: 0.5, seed: 1 } });
      window.genlab.play();
    });
    await page.waitForFunction(() => {
      const s = window.genlab.status();
      return s.model === 'dcgan' && s.step > 2;
    }, null, { timeout: 120000 });
    const d0 = await page.evaluate(() => window.genlab.status().step);
    const dcganFrames = await frames(page, seconds);
    const d1 = await page.evaluate(() => window.genlab.status().step);
    emit({ name: 'page_frames_dcgan_training', seconds, ...dcganFrames, it_per_s: (d1 - d0) / seconds, target_p95_ms: 20 });
    await page.evaluate(() => window.genlab.pause());
    await context.close();

    const line = { name: 'page_train_vae', samples_per_s: Math.round(pageRate), target: 'within 10% of node' };
    if (withNode) {
      // After the browser is done with the cores.
      const out = execFileSync('node', ['--no-experimental-fetch', cli, 'bench', '--json', '--threads', '2',
        '--filter', 'w2_vae_train', '--seconds', String(seconds)], { encoding: 'utf8' });
      const bench = out.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.name === 'w2_vae_train');
      line.node_samples_per_s = Math.round(bench.samples_per_s);
      line.ratio = Math.round((pageRate / bench.samples_per_s) * 1000) / 1000;
    }
    emit(line);
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((e) => { console.error('bench_page: ' + (e.stack || e)); process.exit(1); });
