import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Express's `req.secure` (see isSecure); decorated in createApiApp. */
    readonly secure: boolean;
  }
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  secure: boolean;
}

export function requestMeta(req: FastifyRequest): RequestMeta {
  return {
    ip: req.ip,
    userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
    secure: req.secure,
  };
}

/** IP, user agent and scheme of the caller (proxy-aware through TRUST_PROXY). */
export const ReqMeta = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestMeta(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
