import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegistry } from './instances-registry';
import { olderThan } from './instances.service';

describe('instances registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-instances-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (text: string) => {
    const f = join(dir, `${Math.random()}.yml`);
    writeFileSync(f, text);
    return f;
  };

  it('reads the instances next to the process layout', () => {
    const f = write(
      'api:\n  port: 8080\ninstances:\n  - id: eu-1\n    name: EU\n    url: https://eu.example.com\n    expected_version: 1.2.0\n',
    );
    expect(readRegistry(f)).toEqual([
      {
        id: 'eu-1',
        name: 'EU',
        url: 'https://eu.example.com',
        environment: 'production',
        expected_version: '1.2.0',
      },
    ]);
    expect(readRegistry(write('api:\n  port: 8080\n'))).toEqual([]);
  });

  it('names what is wrong in a broken file', () => {
    expect(() =>
      readRegistry(write('instances:\n  - id: a\n    name: A\n    url: ftp://x\n')),
    ).toThrow(/instances\.yml: instances\.0\.url/);
    expect(() =>
      readRegistry(
        write(
          'instances:\n  - {id: a, name: A, url: "http://a"}\n  - {id: a, name: B, url: "http://b"}\n',
        ),
      ),
    ).toThrow(/listed twice/);
    expect(() =>
      readRegistry(write('instances:\n  - {id: a, name: A, url: "http://a", colour: red}\n')),
    ).toThrow(/instances\.0/);
  });

  it('tells which versions are behind', () => {
    expect(olderThan('1.2.0', '1.10.0')).toBe(true);
    expect(olderThan('1.10.0', '1.2.0')).toBe(false);
    expect(olderThan('1.2.0', '1.2.0')).toBe(false);
  });
});
