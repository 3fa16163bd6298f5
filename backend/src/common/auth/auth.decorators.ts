import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from '@multpanel/contracts';
import type { Principal, Scope } from './scope';

export const PUBLIC_KEY = 'mp:public';
export const AUTH_KEY = 'mp:authenticated';

export interface AuthRequirement {
  // Omitted: any authenticated caller (e.g. /auth/me).
  permission?: Permission;
}

/** Route reachable without credentials. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Route needing a principal, optionally holding `permission`. */
export const Authenticated = (req: AuthRequirement = {}) => SetMetadata(AUTH_KEY, req);

export interface AuthedRequest {
  principal?: Principal;
  scope?: Scope;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!p) throw new Error('CurrentPrincipal used on a route without @Authenticated');
  return p;
});

export const CurrentScope = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const s = ctx.switchToHttp().getRequest<AuthedRequest>().scope;
  if (!s) throw new Error('CurrentScope used on a route without @Authenticated');
  return s;
});
