// V8 flags for an API process from instances.yml's `api` section; ecosystem.config.js (PM2) and the
// benchmarks both use this, so a bench measures the process production runs.
function apiNodeArgs(api = {}) {
  const args = [];
  if (api.heap_mb) args.push(`--max-old-space-size=${api.heap_mb}`);
  if (api.young_mb) args.push(`--max-semi-space-size=${api.young_mb}`);
  // V8 moves an allocation site's objects straight to the old generation once they are seen to
  // survive; a burst of slow requests marks per-request objects so, and the process stays slow.
  if (api.pretenuring === false) args.push('--no-allocation-site-pretenuring');
  // Each full GC stalls every request in flight for tens of ms; more room before the next one makes
  // them rarer, at the cost of a larger heap between them.
  if (api.heap_growth_percent) args.push(`--heap-growing-percent=${api.heap_growth_percent}`);
  return args;
}

module.exports = { apiNodeArgs };
