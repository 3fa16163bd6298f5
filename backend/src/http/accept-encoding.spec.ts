import { pickEncoding } from './accept-encoding';

describe('pickEncoding', () => {
  const both = ['br', 'gzip'] as const;

  it('prefers brotli on a tie and follows q-values otherwise', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(pickEncoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(pickEncoding('GZIP;Q=1, BR;q=0.9', both)).toBe('gzip');
    expect(pickEncoding(['gzip', 'br'], both)).toBe('br');
  });

  it('sends what exists and what is accepted, or nothing', () => {
    expect(pickEncoding('br', ['gzip'])).toBeNull();
    expect(pickEncoding('gzip, br', ['gzip'])).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0', both)).toBeNull();
    expect(pickEncoding('identity', both)).toBeNull();
    expect(pickEncoding('', both)).toBeNull();
    expect(pickEncoding(undefined, both)).toBeNull();
    expect(pickEncoding('gzip', [])).toBeNull();
  });

  it('lets * stand for codings not named', () => {
    expect(pickEncoding('*', both)).toBe('br');
    expect(pickEncoding('br;q=0, *', both)).toBe('gzip');
    expect(pickEncoding('*;q=0', both)).toBeNull();
  });
});
