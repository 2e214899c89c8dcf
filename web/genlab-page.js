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

  function command(c) {
    requireRuntime();
    const error = Module.ccall('genlab_command_json', 'string', ['string'], [JSON.stringify(c)]);
    if (error) throw new Error(error);
  }

  // The JavaScript API (README: "JavaScript API"). Every value comes from the C++ side.
  window.genlab = {
    ready,
    info() { requireRuntime(); return JSON.parse(Module.UTF8ToString(Module._genlab_info_json())); },
    frames() { requireRuntime(); return Number(Module._genlab_frame_count()); },
    // Resolves when the training data is loaded (or rejects saying why).
    data: null,
    status() { requireRuntime(); return JSON.parse(Module.UTF8ToString(Module._genlab_status_json())); },
    start(model, { config = {}, train = {}, pretrained = '' } = {}) {
      command({ start: { model, config, train, pretrained } });
    },
    play() { command({ play: true }); },
    pause() { command({ pause: true }); },
    step() { command({ step: true }); },
    reset() { command({ reset: true }); },
  };

  function setDataStatus(text) { Module.ccall('genlab_set_data_status', null, ['string'], [text]); }

  // A file from the server with progress (fraction of Content-Length) reported as it arrives.
  async function fetchBytes(url, onProgress) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
    const total = Number(response.headers.get('Content-Length')) || 0;
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (total > 0) onProgress(received / total);
    }
    const bytes = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    return bytes;
  }

  function withHeapCopy(arrays, fn) {
    const pointers = arrays.map((a) => { const p = Module._malloc(a.length); Module.HEAPU8.set(a, p); return p; });
    try { return fn(pointers); } finally { pointers.forEach((p) => Module._free(p)); }
  }

  // The training split from the server's data folder (scripts/serve maps data/ to GENLAB_DATA).
  async function loadData(name) {
    const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'];
    const fractions = [0, 0];
    const parts = await Promise.all(files.map((f, i) => fetchBytes(`data/${name}/${f}`, (x) => {
      fractions[i] = x;
      setDataStatus(`loading ${name}: ${Math.round(50 * (fractions[0] + fractions[1]))}%`);
    })));
    const failed = withHeapCopy(parts, ([images, labels]) => Module.ccall('genlab_set_dataset', 'number',
      ['string', 'number', 'number', 'number', 'number'], [name, images, parts[0].length, labels, parts[1].length]));
    if (failed) throw new Error(`the ${name} files from the server are not valid IDX data`);
  }

  async function loadPretrainedNames() {
    let names = [];
    try {
      const response = await fetch('models/index.json');
      if (response.ok) names = await response.json();
    } catch (e) {
      console.warn('genlab: no list of shipped models: ' + e);
    }
    Module.ccall('genlab_set_pretrained_names', null, ['string'], [JSON.stringify(names)]);
    // The draw panel's classifier until the user trains one.
    const classifier = ['cnn', 'judge', 'mlp'].find((n) => names.includes(n));
    if (classifier) {
      try {
        const bytes = await fetchBytes(`models/${classifier}.safetensors`, () => {});
        withHeapCopy([bytes], ([p]) => Module.ccall('genlab_set_classifier', 'number',
          ['string', 'number', 'number'], [classifier, p, bytes.length]));
      } catch (e) {
        console.warn('genlab: no shipped classifier: ' + e.message);
      }
    }
  }

  async function fetchPretrained(name) {
    try {
      const bytes = await fetchBytes(`models/${name}.safetensors`, () => {});
      withHeapCopy([bytes], ([p]) => Module.ccall('genlab_load_pretrained', null, ['string', 'number', 'number'],
        [name, p, bytes.length]));
    } catch (e) {
      console.warn('genlab: ' + e.message);
      setDataStatus(`could not load the shipped ${name}: ${e.message}`);
    }
  }

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
    onRuntimeInitialized: () => {
      running = true;
      status.hidden = true;
      resolveReady();
      const dataset = new URLSearchParams(location.search).get('dataset') || 'mnist';
      window.genlab.data = loadPretrainedNames().then(() => loadData(dataset)).catch((e) => {
        setDataStatus('no training data: ' + e.message);
        console.warn('genlab: ' + e.message);
        throw e;
      });
      window.genlab.data.catch(() => {});  // reported on the page; callers may await it
    },
  };
  const script = document.createElement('script');
  script.src = 'genlab.js';
  script.onerror = () => fatal('could not load genlab.js from the server');
  document.body.appendChild(script);
  return { fatal, ready, fetchPretrained };
})();
