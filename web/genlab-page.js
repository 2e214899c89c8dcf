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

  // The models' answers, computed by the code behind the panels (main_web.cpp genlab_query_json).
  function query(q) {
    requireRuntime();
    const answer = JSON.parse(Module.ccall('genlab_query_json', 'string', ['string'], [JSON.stringify(q)]));
    if (answer.error) throw new Error(answer.error);
    return answer;
  }
  function image784(x) {
    const a = Array.from(x, Number);
    if (a.length !== 784) throw new Error(`expected a 28x28 image (784 values), got ${a.length}`);
    return a;
  }

  // The running model's checkpoint as { name, bytes }.
  function save() {
    requireRuntime();
    const size = Module._genlab_save();
    if (size < 0) throw new Error(Module.UTF8ToString(Module._genlab_saved_error()));
    const at = Module._genlab_saved_bytes();
    return { name: Module.UTF8ToString(Module._genlab_saved_name()), bytes: Module.HEAPU8.slice(at, at + size) };
  }
  function loadFile(name, bytes) {
    requireRuntime();
    withHeapCopy([bytes], ([p]) => Module.ccall('genlab_load_file', null, ['string', 'number', 'number'],
      [name, p, bytes.length]));
  }

  function download(name, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // "Load file..." in the training panel opens this picker; a file dropped on the page goes the same way.
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.id = 'checkpoint-file';
  picker.accept = '.safetensors';
  picker.hidden = true;
  document.body.appendChild(picker);
  async function loadPicked(file) {
    loadFile(file.name, new Uint8Array(await file.arrayBuffer()));
  }
  picker.addEventListener('change', () => {
    if (picker.files.length > 0) loadPicked(picker.files[0]).catch((e) => console.warn('genlab: ' + e.message));
    picker.value = '';
  });
  function pickFile() { picker.click(); }

  // The data panel's "Load IDX files...": the training images and labels (the file whose name
  // mentions "label" is the labels), .gz or not; the C++ side checks them and says what is wrong.
  const dataPicker = document.createElement('input');
  dataPicker.type = 'file';
  dataPicker.id = 'data-files';
  dataPicker.multiple = true;
  dataPicker.hidden = true;
  document.body.appendChild(dataPicker);
  async function loadDataFiles(files) {
    if (files.length !== 2) {
      setDataStatus(`pick two files, the training images and the labels (got ${files.length})`);
      return 'wrong number of files';
    }
    const sorted = [...files].sort((a, b) => /label/i.test(a.name) - /label/i.test(b.name));
    const [images, labels] = await Promise.all(sorted.map(async (f) => new Uint8Array(await f.arrayBuffer())));
    return withHeapCopy([images, labels], ([pi, pl]) => Module.ccall('genlab_load_dataset_files', 'string',
      ['string', 'number', 'number', 'number', 'number'],
      [sorted.map((f) => f.name).join(' + '), pi, images.length, pl, labels.length]));
  }
  dataPicker.addEventListener('change', () => {
    const files = [...dataPicker.files];
    dataPicker.value = '';
    loadDataFiles(files).catch((e) => console.warn('genlab: ' + e.message));
  });
  function pickDataFiles() { dataPicker.click(); }
  canvas.addEventListener('dragover', (e) => e.preventDefault());
  canvas.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) loadPicked(file).catch((err) => console.warn('genlab: ' + err.message));
  });

  // Autosave: while a model trains, its checkpoint goes to IndexedDB every 20 s (and when the page is
  // hidden), and a reload continues from it. ?fresh in the address starts without it.
  const AUTOSAVE_DB = 'genlab', AUTOSAVE_STORE = 'autosave', AUTOSAVE_KEY = 'session';
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(AUTOSAVE_DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(AUTOSAVE_STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function dbDo(mode, fn) {
    const db = await openDb();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(AUTOSAVE_STORE, mode);
        const request = fn(tx.objectStore(AUTOSAVE_STORE));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }
  let autosavedStep = -1;
  let autosavedModel = '';
  // Saves when the model or its step changed since the last autosave; resolves to the saved record or null.
  async function autosave() {
    if (!running) return null;
    const s = window.genlab.status();
    if (!s || !s.has_model || (s.step === autosavedStep && s.model === autosavedModel)) return null;
    const { name, bytes } = save();
    const record = { name, bytes, model: s.model, step: s.step, time: Date.now() };
    await dbDo('readwrite', (store) => store.put(record, AUTOSAVE_KEY));
    autosavedStep = s.step;
    autosavedModel = s.model;
    return { name, model: s.model, step: s.step, bytes: bytes.length };
  }
  async function restoreAutosave() {
    const record = await dbDo('readonly', (store) => store.get(AUTOSAVE_KEY));
    if (!record) return null;
    autosavedStep = record.step;
    autosavedModel = record.model;
    loadFile(`autosave: ${record.name}`, record.bytes);
    return { name: record.name, model: record.model, step: record.step };
  }

  // The JavaScript API (README: "JavaScript API"). Every value comes from the C++ side.
  window.genlab = {
    ready,
    info() { requireRuntime(); return JSON.parse(Module.UTF8ToString(Module._genlab_info_json())); },
    frames() { requireRuntime(); return Number(Module._genlab_frame_count()); },
    framesDrawn() { requireRuntime(); return Number(Module._genlab_frames_drawn()); },
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
    // Opens or closes a window by its title ('Data', 'Latent space', ...).
    show(title) { command({ show: title }); },
    // The metrics window's evaluation of the running model; status().panels.metrics has its
    // progress and result.
    evaluate({ limit = 1000, iwae_k = 0 } = {}) { command({ evaluate: { limit, iwae_k } }); },
    hide(title) { command({ hide: title }); },
    // What the models make of a 28x28 image (784 values in [0, 1], row-major): the same models and
    // code as the draw panel (the one in training when it can, else the shipped one).
    classify(image) { return query({ classify: image784(image) }); },
    denoise(image, { noise = 'gaussian', level = 0.5, seed = 1 } = {}) {
      return query({ denoise: image784(image), noise, level, seed });
    },
    encode(image) { return query({ encode: image784(image) }); },
    // Images from the model in training, as the sample window makes them: { mode, seed, label or word, ... }.
    sample(request = {}) { return query({ sample: request }); },
    // Checkpoints: save() gives { name, bytes } of the running model; load(bytes, name) continues
    // from a file's bytes (status().error says why not, and the model stays).
    save,
    load(bytes, name = 'checkpoint.safetensors') { loadFile(name, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)); },
    autosave,
    // The autosaved run, if any (null), and forgetting it.
    autosaved: null,
    async clearAutosave() { await dbDo('readwrite', (store) => store.delete(AUTOSAVE_KEY)); },
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

  // A split from the server's data folder (scripts/serve maps data/ to GENLAB_DATA): the training
  // split with its progress in the menu bar, then quietly the test split for the latent and
  // metrics windows.
  async function loadSplit(name, split) {
    const prefix = split === 0 ? 'train' : 't10k';
    const files = [`${prefix}-images-idx3-ubyte.gz`, `${prefix}-labels-idx1-ubyte.gz`];
    const fractions = [0, 0];
    const parts = await Promise.all(files.map((f, i) => fetchBytes(`data/${name}/${f}`, (x) => {
      fractions[i] = x;
      if (split === 0) setDataStatus(`loading ${name}: ${Math.round(50 * (fractions[0] + fractions[1]))}%`);
    })));
    const failed = withHeapCopy(parts, ([images, labels]) => Module.ccall('genlab_set_split', 'number',
      ['string', 'number', 'number', 'number', 'number', 'number'],
      [name, split, images, parts[0].length, labels, parts[1].length]));
    if (failed) throw new Error(`the ${name} ${prefix} files from the server are not valid IDX data`);
  }

  async function loadPretrainedNames() {
    let names = [];
    try {
      const response = await fetch('models/index.json');
      if (response.ok) names = await response.json();  // [{name, model}, ...]
    } catch (e) {
      console.warn('genlab: no list of shipped models: ' + e);
    }
    Module.ccall('genlab_set_pretrained_names', null, ['string'], [JSON.stringify(names)]);
    names = names.map((entry) => entry.name);
    // The draw panel's models until the user trains one that can fill the role (App::Role).
    const roles = [['cnn', 'judge', 'mlp'], ['dae'], ['vae', 'ae'], ['ae'], ['vae_z2']];
    await Promise.all(roles.map(async (candidates, role) => {
      const name = candidates.find((n) => names.includes(n));
      if (!name) return;
      try {
        const bytes = await fetchBytes(`models/${name}.safetensors`, () => {});
        const failed = withHeapCopy([bytes], ([p]) => Module.ccall('genlab_set_shipped', 'number',
          ['number', 'string', 'number', 'number'], [role, name, p, bytes.length]));
        if (failed) throw new Error(`models/${name}.safetensors cannot serve the draw panel (see the console)`);
      } catch (e) {
        console.warn('genlab: shipped ' + name + ': ' + e.message);
      }
    }));
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
      const params = new URLSearchParams(location.search);
      window.genlab.data = loadPretrainedNames().then(() => loadSplit(dataset, 0)).catch((e) => {
        setDataStatus('no training data: ' + e.message);
        console.warn('genlab: ' + e.message);
        throw e;
      });
      window.genlab.data.catch(() => {});  // reported on the page; callers may await it
      window.genlab.data.then(() => loadSplit(dataset, 1)).catch((e) => console.warn('genlab: no test data: ' + e.message));
      // Resolves to the restored run ({ name, model, step }) or null.
      window.genlab.autosaved = window.genlab.data.then(() => (params.has('fresh') ? null : restoreAutosave()))
        .catch((e) => { console.warn('genlab: no autosave restored: ' + e.message); return null; });
      setInterval(() => { autosave().catch((e) => console.warn('genlab: autosave failed: ' + e.message)); }, 20000);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'hidden') autosave().catch(() => {});
      });
    },
  };
  const script = document.createElement('script');
  script.src = 'genlab.js';
  script.onerror = () => fatal('could not load genlab.js from the server');
  document.body.appendChild(script);
  return { fatal, ready, fetchPretrained, download, pickFile, pickDataFiles };
})();
