// Runs the backend's TypeScript in a child process (a real worker for the fault suites) the way jest
// compiles it (swc-options.js), with @multpanel/contracts and @multpanel/simulator from their sources
// as jest maps them: no build is needed.
//
// With SWC_CACHE_DIR set, each file's JavaScript is read from `<dir>/<cache key>.js` when present
// (prebuilt-backend.ts fills it once, before a suite starts its processes) and written there
// otherwise; the modules keep their real paths, so __dirname and relative reads still work.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { options, cacheKey } = require('./swc-options');

const root = path.resolve(__dirname, '..', '..', '..');
const aliases = {
  '@multpanel/contracts': path.join(root, 'contracts', 'src', 'index.ts'),
  '@multpanel/simulator': path.join(root, 'simulator', 'src', 'index.ts'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};

const cacheDir = process.env.SWC_CACHE_DIR;
let swc;
const compile = (filename, source) => {
  swc ??= require('@swc/core');
  return swc.transformSync(source, { ...options, filename }).code;
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  let code;
  if (cacheDir) {
    const file = path.join(cacheDir, `${cacheKey(filename, source)}.js`);
    try {
      code = fs.readFileSync(file, 'utf8');
    } catch {
      code = compile(filename, source);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, file);
    }
  } else code = compile(filename, source);
  module._compile(code, filename);
};
