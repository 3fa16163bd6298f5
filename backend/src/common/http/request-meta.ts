import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  secure: boolean;
}

export function requestMeta(req: Request): RequestMeta {
  return {
    ip: req.ip ?? null,
    userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
    secure: req.secure,
  };
}

/** IP, user agent and scheme of the caller (proxy-aware through `trust proxy`). */
export const ReqMeta = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestMeta(ctx.switchToHttp().getRequest<Request>()),
);
