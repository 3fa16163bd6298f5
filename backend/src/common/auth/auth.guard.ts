import type { IncomingMessage } from 'node:http';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { AUTH_KEY, PUBLIC_KEY, type AuthRequirement, type AuthedRequest } from './auth.decorators';
import { PrincipalService } from './principal.service';

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1] : null;
}

// The one global guard: every HTTP route must declare @Public() or @Authenticated(); others are refused.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // WS authenticates on connect (events gateway)
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const requirement = this.reflector.getAllAndOverride<AuthRequirement>(AUTH_KEY, targets);
    if (!requirement) {
      throw new AppError('FORBIDDEN', 'This route declares no access policy and is refused');
    }
    const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthedRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new AppError('UNAUTHENTICATED', 'Authentication required');
    const { principal, scope } = await this.principals.resolve(token, req.ip);
    if (requirement.permission && !principal.permissions.includes(requirement.permission)) {
      throw new AppError('FORBIDDEN', `Missing permission ${requirement.permission}`);
    }
    req.principal = principal;
    req.scope = scope;
    // The request log names the user from node's request, which Fastify's request wraps.
    (req.raw as IncomingMessage & AuthedRequest).principal = principal;
    return true;
  }
}
