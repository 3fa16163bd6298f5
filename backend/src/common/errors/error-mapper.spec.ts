import { NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client';
import { DbConnectionLostError } from '../prisma/db-connection-lost';
import {
  mapHttpError,
  ProxmoxBusyError,
  ProxmoxError,
  ProxmoxNodeOfflineError,
  ProxmoxTaskFailedError,
  type ProxmoxErrorCode,
} from '../proxmox/proxmox.errors';
import { AppError } from './app-error';
import { mapError } from './error-mapper';

describe('mapError', () => {
  it('maps AppError codes to their status', () => {
    expect(mapError(new AppError('CONFLICT', 'taken')).body).toEqual({
      statusCode: 409,
      code: 'CONFLICT',
      message: 'taken',
    });
  });

  it('maps zod errors to per-field details', () => {
    const r = z.object({ email: z.email() }).strict().safeParse({ email: 'x', extra: 1 });
    const { body } = mapError(r.error);
    expect(body.statusCode).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'email' })]),
    );
    expect(body.message).toMatch(/email/);
  });

  it('maps Prisma P2002 and P2025', () => {
    const err = (code: string) =>
      new Prisma.PrismaClientKnownRequestError('x', { code, clientVersion: '7' });
    expect(mapError(err('P2002')).body.statusCode).toBe(409);
    expect(mapError(err('P2025')).body.statusCode).toBe(404);
  });

  it('maps a database pool timeout to 503 with a retry time, other database errors to 500', () => {
    const err = (code: string, message: string) =>
      new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: '7' });
    const busy = mapError(
      err(
        'P2039',
        'Database error. Code: `45028`. Message: `pool timeout: failed to retrieve a connection from pool after 4006ms\n    (pool connections: active=10 idle=0 limit=10)`',
      ),
    );
    expect(busy).toEqual({
      body: {
        statusCode: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: 'The database is busy; try again in a moment',
        details: { retryAfterSeconds: 1 },
      },
    });
    expect(mapError(err('P2024', 'Timed out fetching a new connection')).body.statusCode).toBe(503);
    const other = mapError(err('P2039', 'Database error. Code: `1064`. Message: `syntax`'));
    expect(other.body.statusCode).toBe(500);
    expect(other.unexpected).toBeDefined();
  });

  it('maps a lost database connection to 503 with a retry time, whatever Prisma wrapped it in', () => {
    const killed = new Prisma.PrismaClientKnownRequestError(
      'Raw query failed. Code: `45009`. Message: `socket has unexpectedly been closed`',
      {
        code: 'P2010',
        clientVersion: '7',
        meta: {
          driverAdapterError: {
            name: 'DriverAdapterError',
            cause: { kind: 'mysql', code: 45009, state: '08S01' },
          },
        },
      },
    );
    const pipe = new Prisma.PrismaClientKnownRequestError('write EPIPE', {
      code: 'EPIPE',
      clientVersion: '7',
    });
    // SqlReader's read that broke on a fresh connection too: the driver's bare socket error, wrapped.
    const reread = new DbConnectionLostError(
      Object.assign(new Error('write EPIPE'), { code: 'EPIPE', fatal: true }),
    );
    for (const err of [killed, pipe, reread]) {
      const { body, unexpected } = mapError(err);
      expect(body).toMatchObject({
        statusCode: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        details: { dependency: 'database', retryAfterSeconds: 1 },
      });
      expect(unexpected).toBeUndefined();
    }
    // A socket error that is not the database's (a Proxmox or HTTP call) is not taken for one.
    const other = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    expect(mapError(other).body.statusCode).toBe(500);
  });

  it('maps Nest HTTP exceptions', () => {
    expect(mapError(new NotFoundException('Cannot GET /api/x')).body).toMatchObject({
      statusCode: 404,
      code: 'NOT_FOUND',
    });
  });

  it('hides unknown errors behind an errorId', () => {
    const mapped = mapError(new Error('secret stack detail'));
    expect(mapped.body.statusCode).toBe(500);
    expect(mapped.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(mapped.body)).not.toMatch(/secret stack/);
    expect(mapped.unexpected).toBeInstanceOf(Error);
  });
});

describe('mapError: Proxmox failures (one place for every module)', () => {
  const pve = (status: number, message = '', errors?: Record<string, string>) => {
    const err = mapHttpError({
      status,
      statusMessage: message,
      body: { message, ...(errors ? { errors } : {}) },
      method: 'GET',
      path: '/nodes/pve1/qemu/100/status/current',
      endpoint: 'https://10.0.0.1:8006',
    });
    err.details.cluster = 'lab-one';
    return mapError(err);
  };
  const named = (code: ProxmoxErrorCode, message: string) =>
    mapError(new ProxmoxError(code, message, { cluster: 'lab-one' }));

  it('never answers a cluster outage with 500, and names the cluster', () => {
    const outages = [
      named('PVE_UNREACHABLE', 'lab-one is unreachable at 10.0.0.1:8006 (connection refused)'),
      named('PVE_TLS', '10.0.0.1:8006: the certificate changed'),
      named('PVE_AUTH', 'Proxmox rejected the credentials'),
      pve(500, 'internal error'),
      pve(502, 'bad gateway'),
      pve(503, 'service unavailable'),
    ];
    for (const { body, unexpected } of outages) {
      expect(body).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
      expect(body.message).toMatch(/lab-one/);
      expect(body.details).toMatchObject({ cluster: 'lab-one' });
      expect(unexpected).toBeUndefined();
    }
    expect(pve(500, 'internal error').body.message).toBe(
      'Cluster lab-one: Proxmox answered 500 for GET /nodes/pve1/qemu/100/status/current: internal error',
    );
  });

  it('maps a timeout to 504', () => {
    expect(named('PVE_TIMEOUT', 'lab-one did not answer within 15 s').body).toMatchObject({
      statusCode: 504,
      code: 'DEPENDENCY_TIMEOUT',
      message: 'lab-one did not answer within 15 s',
    });
  });

  it('maps what Proxmox refuses about the request to 4xx', () => {
    const params = pve(400, 'Parameter verification failed.', { memory: 'value too small' });
    expect(params.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(params.body.details).toEqual([
      { path: 'memory', message: 'value too small', code: 'proxmox' },
    ]);
    expect(pve(500, 'VM 100 is locked (backup)').body).toMatchObject({
      statusCode: 409,
      code: 'VM_LOCKED',
    });
    expect(pve(500, 'Configuration file does not exist').body).toMatchObject({
      statusCode: 404,
      code: 'NOT_FOUND',
    });
    expect(pve(595, 'No route to host').body).toMatchObject({
      statusCode: 409,
      code: 'NODE_OFFLINE',
    });
    expect(pve(501, 'Method not implemented').body).toMatchObject({
      statusCode: 409,
      code: 'CONFLICT',
    });
    expect(pve(409, 'conflict').body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    expect(mapError(new ProxmoxNodeOfflineError('pve2', { cluster: 'lab-one' })).body.message).toBe(
      'Cluster lab-one: node pve2 is offline',
    );
    expect(mapError(new ProxmoxTaskFailedError('UPID:x', 'command failed', [])).body).toMatchObject(
      { statusCode: 409, code: 'CONFLICT' },
    );
  });

  it('maps a spent request budget to 503 CLUSTER_BUSY with a retry time', () => {
    const { body } = mapError(new ProxmoxBusyError(1500, { cluster: 'lab-one' }));
    expect(body).toMatchObject({
      statusCode: 503,
      code: 'CLUSTER_BUSY',
      details: { cluster: 'lab-one', retryAfterSeconds: 2 },
    });
    expect(body.message).toMatch(/request budget for lab-one/);
  });
});
