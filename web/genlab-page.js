// genlab's page shell (our own, not Emscripten's): checks that the page can run wasm threads,
// loads genlab.js, shows any failure on the page, and builds the JavaScript API window.genlab.
'use strict';

const genlabPage = (() => {
  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());

  function show(message, isError) {
    status.textContent = message;
    status.classList.toggle('error', isError);
    status.hidden = false;
  }
  function fatal(message) {
    show('genlab stopped: ' + message, true);
    console.error('genlab: ' + message);
  }

  let running = false;
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  function requireRuntime() {
    if (!running) {
      throw new Error('genlab is still loading: await window.genlab.ready first');
    }
  }

  // The JavaScript API (README: "JavaScript API"). Every value comes from the C++ side.
  window.genlab = {
    ready,
    info() { requireRuntime(); return JSON.parse(Module.UTF8ToString(Module._genlab_info_json())); },
    frames() { requireRuntime(); return Number(Module._genlab_frame_count()); },
  };

  if (!self.crossOriginIsolated) {
    // Without COOP/COEP there is no SharedArrayBuffer, so threaded wasm cannot start at all.
    show('genlab cannot start: this page is not cross-origin isolated, so the browser withholds ' +
         'the shared memory that WebAssembly threads need.\n\nServe it with scripts/serve (or any ' +
         'server that sends "Cross-Origin-Opener-Policy: same-origin" and ' +
         '"Cross-Origin-Embedder-Policy: require-corp").', true);
    console.warn('genlab: page is not cross-origin isolated; not loading');
    return { fatal, ready };
  }

  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => fatal(String(what)),
    onRuntimeInitialized: () => { running = true; status.hidden = true; resolveReady(); },
  };
  const script = document.createElement('script');
  script.src = 'genlab.js';
  script.onerror = () => fatal('could not load genlab.js from the server');
  document.body.appendChild(script);
  return { fatal, ready };
})();
