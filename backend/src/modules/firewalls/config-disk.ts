/**
 * The config disk of a zero-touch deployment: an ISO 9660 image holding `/conf/config.xml`, which
 * OPNsense's importer finds on an attached CD at first boot (it mounts cd9660 media and looks for
 * conf/config.xml). Level 1 names (CONF, CONFIG.XML;1), one directory, no extensions: what every
 * ISO 9660 reader accepts. Layout: system area (16 sectors), primary volume descriptor, terminator,
 * L and M path tables, root directory, CONF directory, the file.
 */
const SECTOR = 2048;

const both32 = (b: Buffer, off: number, v: number) => {
  b.writeUInt32LE(v, off);
  b.writeUInt32BE(v, off + 4);
};
const both16 = (b: Buffer, off: number, v: number) => {
  b.writeUInt16LE(v, off);
  b.writeUInt16BE(v, off + 2);
};

function recordDate(d: Date): Buffer {
  return Buffer.from([
    d.getUTCFullYear() - 1900,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    0,
  ]);
}

function dirRecord(name: Buffer, extent: number, length: number, dir: boolean, at: Date): Buffer {
  const len = 33 + name.length + (name.length % 2 === 0 ? 1 : 0);
  const r = Buffer.alloc(len);
  r[0] = len;
  both32(r, 2, extent);
  both32(r, 10, length);
  recordDate(at).copy(r, 18);
  r[25] = dir ? 2 : 0;
  both16(r, 28, 1);
  r[32] = name.length;
  name.copy(r, 33);
  return r;
}

const pad = (s: string, n: number) => Buffer.from(s.padEnd(n, ' ').slice(0, n), 'latin1');
const volDate = (d: Date) =>
  Buffer.concat([
    Buffer.from(
      d
        .toISOString()
        .replace(/[-:TZ.]/g, '')
        .slice(0, 16),
      'latin1',
    ),
    Buffer.from([0]),
  ]);

export function buildConfigIso(
  configXml: string,
  label = 'OPNSENSE_CONFIG',
  at = new Date(),
): Buffer {
  const file = Buffer.from(configXml, 'utf8');
  const fileSectors = Math.max(1, Math.ceil(file.length / SECTOR));
  const L_PATH = 18;
  const M_PATH = 19;
  const ROOT = 20;
  const CONF = 21;
  const DATA = 22;
  const total = DATA + fileSectors;
  const img = Buffer.alloc(total * SECTOR);
  const self = Buffer.from([0]);
  const parent = Buffer.from([1]);

  // primary volume descriptor
  const pvd = 16 * SECTOR;
  img[pvd] = 1;
  img.write('CD001', pvd + 1, 'latin1');
  img[pvd + 6] = 1;
  pad('', 32).copy(img, pvd + 8);
  pad(label.toUpperCase().replace(/[^A-Z0-9_]/g, '_'), 32).copy(img, pvd + 40);
  both32(img, pvd + 80, total);
  both16(img, pvd + 120, 1);
  both16(img, pvd + 124, 1);
  both16(img, pvd + 128, SECTOR);
  const pathTableSize = 10 + 12;
  both32(img, pvd + 132, pathTableSize);
  img.writeUInt32LE(L_PATH, pvd + 140);
  img.writeUInt32BE(M_PATH, pvd + 148);
  dirRecord(self, ROOT, SECTOR, true, at).copy(img, pvd + 156);
  for (const [off, n] of [
    [190, 128],
    [318, 128],
    [446, 128],
    [574, 128],
    [702, 37],
    [739, 37],
    [776, 37],
  ] as const)
    pad('', n).copy(img, pvd + off);
  pad('MULTPANEL', 128).copy(img, pvd + 446);
  volDate(at).copy(img, pvd + 813);
  volDate(at).copy(img, pvd + 830);
  Buffer.concat([Buffer.from('0'.repeat(16), 'latin1'), Buffer.from([0])]).copy(img, pvd + 847);
  Buffer.concat([Buffer.from('0'.repeat(16), 'latin1'), Buffer.from([0])]).copy(img, pvd + 864);
  img[pvd + 881] = 1;

  // volume descriptor set terminator
  const term = 17 * SECTOR;
  img[term] = 255;
  img.write('CD001', term + 1, 'latin1');
  img[term + 6] = 1;

  // path tables: root (1), CONF (2, parent 1)
  const pathTable = (le: boolean) => {
    const t = Buffer.alloc(pathTableSize);
    const w32 = (v: number, o: number) => (le ? t.writeUInt32LE(v, o) : t.writeUInt32BE(v, o));
    const w16 = (v: number, o: number) => (le ? t.writeUInt16LE(v, o) : t.writeUInt16BE(v, o));
    t[0] = 1;
    w32(ROOT, 2);
    w16(1, 6);
    t[8] = 0;
    t[10] = 4;
    w32(CONF, 12);
    w16(1, 16);
    t.write('CONF', 18, 'latin1');
    return t;
  };
  pathTable(true).copy(img, L_PATH * SECTOR);
  pathTable(false).copy(img, M_PATH * SECTOR);

  // directories
  Buffer.concat([
    dirRecord(self, ROOT, SECTOR, true, at),
    dirRecord(parent, ROOT, SECTOR, true, at),
    dirRecord(Buffer.from('CONF', 'latin1'), CONF, SECTOR, true, at),
  ]).copy(img, ROOT * SECTOR);
  Buffer.concat([
    dirRecord(self, CONF, SECTOR, true, at),
    dirRecord(parent, ROOT, SECTOR, true, at),
    dirRecord(Buffer.from('CONFIG.XML;1', 'latin1'), DATA, file.length, false, at),
  ]).copy(img, CONF * SECTOR);

  file.copy(img, DATA * SECTOR);
  return img;
}
