import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { QrCode, qrModules } from './qr-code';

const URI = 'otpauth://totp/Multpanel:user%40acme.demo?secret=JBSWY3DPEHPK3PXP&issuer=Multpanel';

describe('QrCode', () => {
  it('encodes the text in a QR symbol with its three finder patterns', () => {
    const { size, path } = qrModules(URI);
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0); // QR versions are 21, 25, 29, … modules wide
    const dark = new Set(path.match(/M\d+ \d+/g)!.map((m) => m.slice(1)));
    // Each finder pattern is a 7×7 square ring with a solid 3×3 centre.
    for (const [r0, c0] of [
      [0, 0],
      [0, size - 7],
      [size - 7, 0],
    ]) {
      for (let i = 0; i < 7; i++) {
        expect(dark.has(`${c0 + i} ${r0}`)).toBe(true);
        expect(dark.has(`${c0} ${r0 + i}`)).toBe(true);
      }
      expect(dark.has(`${c0 + 1} ${r0 + 1}`)).toBe(false);
      expect(dark.has(`${c0 + 3} ${r0 + 3}`)).toBe(true);
    }
  });

  it('draws different symbols for different secrets', () => {
    expect(qrModules(URI).path).not.toBe(qrModules(URI.replace('JBSW', 'KRSX')).path);
  });

  it('renders an accessible image', () => {
    render(<QrCode text={URI} label="QR code for your authenticator app" />);
    const img = screen.getByRole('img', { name: 'QR code for your authenticator app' });
    expect(img.querySelector('path')?.getAttribute('d')).toBe(qrModules(URI).path);
  });
});
