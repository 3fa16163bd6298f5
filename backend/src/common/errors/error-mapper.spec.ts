import { NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client';
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
