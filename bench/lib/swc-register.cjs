// Loads backend TypeScript in a plain Node process with decorator metadata (Nest DI needs it; tsx's
// esbuild does not emit it). Same swc settings as backend/jest.config.js. Used by the benches to run
// the real API and worker as separate processes: node -r ./bench/lib/swc-register.cjs backend/src/main.ts
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const aliases = {
  '@multpanel/contracts': path.join(root, 'contracts', 'src', 'index.ts'),
  '@multpanel/simulator': path.join(root, 'simulator', 'src', 'index.ts'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};
require.extensions['.ts'] = (mod, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  mod._compile(code, filename);
};
