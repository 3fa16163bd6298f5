/** Small deterministic PRNG (mulberry32) so `--seed` reproduces the same world. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cheap stateless hash → [0,1) used for time-varying metrics without storing history. */
export function noise(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export function macFor(rng: () => number): string {
  const b = [0xbc, 0x24, 0x11, ...Array.from({ length: 3 }, () => Math.floor(rng() * 256))];
  return b.map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
