// What the browser tests and the page benchmark share: Debian's Chromium, headless with the flags
// this machine needs (no sandbox, SwiftShader WebGL 2, no background traffic), and the built page
// served by scripts/serve.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// npm packages of web/package.json (playwright-core, pngjs).
export const requireWeb = createRequire(path.join(root, 'web/package.json'));

const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

export function launchChromium() {
  const { chromium } = requireWeb('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// Starts scripts/serve for `pageDir` on a free port (extra flags passed on); resolves to { url, stop }.
export function serve(pageDir, ...flags) {
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
