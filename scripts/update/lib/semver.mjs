// Semantic versions of release tags (vX.Y.Z[-pre]): parsing and ordering as semver.org defines them.

const RE = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** @returns {{ major:number, minor:number, patch:number, pre:string[], raw:string } | null} */
export function parseVersion(raw) {
  const m = RE.exec(String(raw).trim());
  if (!m) return null;
  return { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] ? m[4].split('.') : [], raw };
}

export const isPrerelease = (v) => (parseVersion(v)?.pre.length ?? 0) > 0;

function comparePre(a, b) {
  if (!a.length && !b.length) return 0;
  if (!a.length) return 1; // a release ranks above its pre-releases
  if (!b.length) return -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const na = /^\d+$/.test(a[i]);
    const nb = /^\d+$/.test(b[i]);
    if (na && nb && +a[i] !== +b[i]) return +a[i] < +b[i] ? -1 : 1;
    if (na !== nb) return na ? -1 : 1;
    if (!na && a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** -1, 0 or 1; throws on a string that is not a version. */
export function compareVersions(x, y) {
  const a = parseVersion(x);
  const b = parseVersion(y);
  if (!a || !b) throw new Error(`not a version: ${!a ? x : y}`);
  for (const k of ['major', 'minor', 'patch']) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

/** "v1.2.3" → "1.2.3" */
export const bare = (v) => String(v).replace(/^v/, '');
