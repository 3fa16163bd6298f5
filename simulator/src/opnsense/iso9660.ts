/**
 * Reads one file from an ISO 9660 image (level 1 names, no Rock Ridge/Joliet needed): what the
 * OPNsense importer does with a config disk (`cd9660` mount, `/conf/config.xml`). FreeBSD shows
 * plain ISO 9660 names lower-cased and without the `;1` version, so lookups ignore both.
 */
const SECTOR = 2048;

interface DirRecord {
  name: string;
  extent: number;
  length: number;
  dir: boolean;
}

function records(img: Buffer, extent: number, length: number): DirRecord[] {
  const out: DirRecord[] = [];
  const start = extent * SECTOR;
  let off = start;
  while (off < start + length && off < img.length) {
    const len = img[off]!;
    if (len === 0) {
      // records never cross a sector: skip to the next one
      off = (Math.floor((off - start) / SECTOR) + 1) * SECTOR + start;
      continue;
    }
    const nameLen = img[off + 32]!;
    const raw = img.subarray(off + 33, off + 33 + nameLen);
    const name =
      nameLen === 1 && raw[0]! <= 1
        ? ''
        : raw.toString('latin1').replace(/;\d+$/, '').toLowerCase();
    if (name)
      out.push({
        name: name.replace(/\.$/, ''),
        extent: img.readUInt32LE(off + 2),
        length: img.readUInt32LE(off + 10),
        dir: (img[off + 25]! & 2) !== 0,
      });
    off += len;
  }
  return out;
}

/** The content of `path` (e.g. `conf/config.xml`), or undefined when the image has no such file. */
export function readIsoFile(img: Buffer, path: string): Buffer | undefined {
  const pvd = 16 * SECTOR;
  if (img.length < pvd + SECTOR) return undefined;
  if (img[pvd] !== 1 || img.subarray(pvd + 1, pvd + 6).toString('latin1') !== 'CD001')
    return undefined;
  let dir: DirRecord = {
    name: '',
    extent: img.readUInt32LE(pvd + 156 + 2),
    length: img.readUInt32LE(pvd + 156 + 10),
    dir: true,
  };
  const parts = path.toLowerCase().split('/').filter(Boolean);
  for (const [i, part] of parts.entries()) {
    const next = records(img, dir.extent, dir.length).find((r) => r.name === part);
    if (!next || next.dir !== i < parts.length - 1) return undefined;
    dir = next;
  }
  const from = dir.extent * SECTOR;
  if (from + dir.length > img.length) return undefined;
  return img.subarray(from, from + dir.length);
}
