import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestMeta, type RequestMeta } from '../http/request-meta';
import type { AuthedRequest } from './auth.decorators';
import type { Principal, Scope } from './scope';

/** Who is acting, on what scope, from where: what services need for access checks and the audit trail. */
export interface Actor {
  principal: Principal;
  scope: Scope;
  meta: RequestMeta;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthedRequest>();
  if (!req.principal || !req.scope)
    throw new Error('CurrentActor used on a route without @Authenticated');
  return { principal: req.principal, scope: req.scope, meta: requestMeta(req) };
});
