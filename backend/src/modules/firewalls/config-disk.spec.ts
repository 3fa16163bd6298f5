import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIsoFile } from '@multpanel/simulator';
import { buildConfigIso } from './config-disk';

const xml =
  '<?xml version="1.0"?>\n<opnsense><system><hostname>fw</hostname></system></opnsense>\n';

describe('buildConfigIso', () => {
  it('holds /conf/config.xml where a cd9660 reader finds it', () => {
    const img = buildConfigIso(xml);
    expect(img.length % 2048).toBe(0);
    expect(img.subarray(16 * 2048 + 1, 16 * 2048 + 6).toString()).toBe('CD001');
    expect(readIsoFile(img, 'conf/config.xml')?.toString('utf8')).toBe(xml);
    expect(readIsoFile(img, 'conf/other.xml')).toBeUndefined();
  });

  it('spans several sectors for a large config', () => {
    const big = xml.replace('fw', 'x'.repeat(10_000));
    expect(readIsoFile(buildConfigIso(big), '/CONF/CONFIG.XML')?.toString('utf8')).toBe(big);
  });

  // an independent reader, where the machine has one (libarchive's bsdtar or 7z)
  const tool = ['bsdtar', '7z', 'isoinfo'].find((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`]);
      return true;
    } catch {
      return false;
    }
  });
  (tool === 'bsdtar' ? it : it.skip)('is read by bsdtar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iso-'));
    writeFileSync(join(dir, 'c.iso'), buildConfigIso(xml));
    execFileSync('bsdtar', ['-xf', join(dir, 'c.iso'), '-C', dir]);
    expect(readFileSync(join(dir, 'conf', 'config.xml'), 'utf8')).toBe(xml);
  });
});
