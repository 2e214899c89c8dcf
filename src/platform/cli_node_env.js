// --pre-js of the CLI's WebAssembly build (node only). Emscripten gives C++ an environment of its
// own (HOME=/home/web_user); this copies the shell's HOME and GENLAB_* variables in before main
// runs, so the wasm CLI reads GENLAB_DATA, GENLAB_THREADS, ... exactly like the native one.
// (Plain ES5: Emscripten 3.1.6's JS optimizer rejects destructuring.)
Module['preRun'] = [].concat(Module['preRun'] || [], function () {
  if (typeof process !== 'object' || !process.env) return;
  Object.keys(process.env).forEach(function (name) {
    if (name === 'HOME' || name.indexOf('GENLAB_') === 0) ENV[name] = process.env[name];
  });
});
