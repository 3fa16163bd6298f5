import { mapError } from '../errors/error-mapper';
import { OpnsenseError, OpnsenseTooOldError } from './opnsense.errors';

describe('mapError: OPNsense failures', () => {
  it('maps a firewall outage to 503/504 naming it, never 500', () => {
    const down = mapError(
      new OpnsenseError('OPN_UNREACHABLE', 'fw1 is unreachable', { firewall: 'fw1' }),
    );
    expect(down.body).toMatchObject({
      statusCode: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'fw1 is unreachable',
    });
    expect(mapError(new OpnsenseError('OPN_TIMEOUT', 'slow')).body.statusCode).toBe(504);
    expect(mapError(new OpnsenseError('OPN_AUTH', 'key')).body.statusCode).toBe(503);
  });

  it('maps what the firewall refuses to 4xx', () => {
    const old = mapError(new OpnsenseTooOldError('port forwards', '25.7', '26.1', 'fw1'));
    expect(old.body).toMatchObject({
      statusCode: 409,
      code: 'FIREWALL_TOO_OLD',
      message: 'fw1 runs OPNsense 25.7; port forwards needs OPNsense 26.1 or later',
      details: { version: '25.7', requiredVersion: '26.1' },
    });
    const invalid = mapError(
      new OpnsenseError('OPN_VALIDATION', 'refused', { validations: { 'rule.target': 'bad' } }),
    );
    expect(invalid.body).toMatchObject({
      statusCode: 400,
      details: [{ path: 'rule.target', message: 'bad', code: 'opnsense' }],
    });
    expect(mapError(new OpnsenseError('OPN_IN_USE', 'in use')).body.statusCode).toBe(409);
  });
});
