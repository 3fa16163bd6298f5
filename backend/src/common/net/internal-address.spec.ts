import { internalAddressesOf, isInternalAddress } from './internal-address';

describe('isInternalAddress', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '[::1]',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('%s is internal', (a) => expect(isInternalAddress(a)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '192.0.2.10', '2001:db8::1', '::ffff:8.8.8.8', 'example.com'])(
    '%s is not internal',
    (a) => expect(isInternalAddress(a)).toBe(false),
  );
});

describe('internalAddressesOf', () => {
  it('checks literals without resolving and every resolved address of a name', async () => {
    const resolve = jest.fn(async (h: string) =>
      h === 'mixed.example' ? ['203.0.113.5', '10.0.0.7'] : ['203.0.113.5'],
    );
    expect(await internalAddressesOf('127.0.0.1', resolve)).toEqual(['127.0.0.1']);
    expect(await internalAddressesOf('[::1]', resolve)).toEqual(['::1']);
    expect(await internalAddressesOf('localhost', resolve)).toEqual(['localhost']);
    expect(await internalAddressesOf('mixed.example', resolve)).toEqual(['10.0.0.7']);
    expect(await internalAddressesOf('public.example', resolve)).toEqual([]);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('a name that does not resolve yields none', async () => {
    const fail = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await internalAddressesOf('nowhere.invalid', fail)).toEqual([]);
  });
});
