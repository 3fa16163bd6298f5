// The SWC settings the backend's child processes are compiled with (swc-register.js) and the cache key
// of one compiled file (prebuilt-backend.ts fills the cache, swc-register.js reads it). Same settings
// as backend/jest.config.js: legacy decorators and their metadata (Nest's injection needs both).
const { createHash } = require('node:crypto');

const options = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  // Inline maps only when Node would use them: without --enable-source-maps they are dead weight that
  // every process parses again.
  ...(process.execArgv.includes('--enable-source-maps') ? { sourceMaps: 'inline' } : {}),
};
const optionsKey = JSON.stringify(options);

/** The cache file name of `filename` with this `source`: options, path and source decide it. */
const cacheKey = (filename, source) =>
  createHash('sha1')
    .update(optionsKey)
    .update('\0')
    .update(filename)
    .update('\0')
    .update(source)
    .digest('hex');

module.exports = { options, cacheKey };
