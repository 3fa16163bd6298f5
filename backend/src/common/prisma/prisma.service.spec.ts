import { isDbConnectionLost, isDbTransient, isDriverConnectionLost } from './db-connection-lost';
import { isPlainRead } from './prisma.service';

describe('reads sent again after a lost connection', () => {
  it('takes only plain reads for reads', () => {
    expect(isPlainRead('SELECT `t0`.`id` FROM `Job` AS `t0` WHERE `t0`.`id` = ?')).toBe(true);
    expect(isPlainRead('  with x as (select 1) select * from x')).toBe(true);
    expect(isPlainRead('INSERT INTO `Job` (`id`) VALUES (?)')).toBe(false);
    expect(isPlainRead('UPDATE `Job` SET `status` = ?')).toBe(false);
    expect(isPlainRead('SELECT `id` FROM `Job` WHERE `id` = ? FOR UPDATE')).toBe(false);
    expect(isPlainRead("SELECT GET_LOCK('x', 1)")).toBe(false);
  });

  it('recognises the driver’s lost-connection errors and nothing else', () => {
    expect(isDriverConnectionLost({ errno: 45009, sqlState: '08S01', fatal: true })).toBe(true);
    expect(isDriverConnectionLost({ errno: 1927, sqlState: '70100' })).toBe(true);
    expect(isDriverConnectionLost({ errno: 45028, sqlState: 'HY000' })).toBe(true);
    expect(isDriverConnectionLost({ errno: 45004, sqlState: '08S01' })).toBe(true);
    expect(isDriverConnectionLost({ code: 'EPIPE', syscall: 'write' })).toBe(true);
    expect(
      isDriverConnectionLost({ name: 'DriverAdapterError', cause: { kind: 'mysql', code: 2013 } }),
    ).toBe(true);
    expect(isDriverConnectionLost({ errno: 1062, sqlState: '23000' })).toBe(false);
    expect(
      isDriverConnectionLost({ name: 'DriverAdapterError', cause: { kind: 'mysql', code: 1064 } }),
    ).toBe(false);
    // Only database error types are looked into at the top.
    expect(isDbConnectionLost(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(
      false,
    );
  });

  it('retries a job over a deadlock or write conflict, which is not a lost connection', () => {
    const conflict = Object.assign(new Error('write conflict or a deadlock'), {
      name: 'PrismaClientKnownRequestError',
      code: 'P2034',
    });
    expect(isDbTransient(conflict)).toBe(true);
    expect(isDbConnectionLost(conflict)).toBe(false);
    const deadlock = { name: 'DriverAdapterError', cause: { kind: 'mysql', code: 1213 } };
    expect(isDbTransient(deadlock)).toBe(true);
    const unique = { name: 'DriverAdapterError', cause: { kind: 'mysql', code: 1062 } };
    expect(isDbTransient(unique)).toBe(false);
    expect(isDbTransient(Object.assign(new Error('x'), { code: 'P2034' }))).toBe(false);
  });
});
