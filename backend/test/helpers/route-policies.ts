import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { Permission } from '@multpanel/contracts';
import { LIVE_PROXMOX_KEY } from '../../src/common/http/rate-limit';
import { AUTH_KEY, PUBLIC_KEY, type AuthRequirement } from '../../src/common/auth/auth.decorators';

export interface RoutePolicy {
  method: string;
  /** OpenAPI style: /api/companies/{id}. */
  path: string;
  public: boolean;
  permission: Permission | null;
  /** Marked @LiveProxmox: calls Proxmox while the caller waits (the stricter rate limit). */
  live: boolean;
}

/**
 * Every HTTP route of the running app with the access policy it declares (@Public or
 * @Authenticated({ permission })), read from the same metadata the global guard reads. Lets a test
 * know which answer a caller must get without restating each route's permission.
 */
export function routePolicies(app: INestApplication): RoutePolicy[] {
  const out: RoutePolicy[] = [];
  const join = (...parts: string[]) =>
    `/${parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/')}`.replace(/:(\w+)/g, '{$1}');
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [
    ...m.controllers.values(),
  ]);
  for (const wrapper of new Set(controllers)) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!type) continue;
    const base = (Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined) ?? '';
    const classPublic = Reflect.getMetadata(PUBLIC_KEY, type) === true;
    const classAuth = Reflect.getMetadata(AUTH_KEY, type) as AuthRequirement | undefined;
    const proto = type.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || path === undefined) continue;
      const auth =
        (Reflect.getMetadata(AUTH_KEY, handler) as AuthRequirement | undefined) ?? classAuth;
      for (const b of Array.isArray(base) ? base : [base]) {
        for (const p of Array.isArray(path) ? path : [path]) {
          out.push({
            method: RequestMethod[method].toLowerCase(),
            path: join('api', b, p),
            public: Reflect.getMetadata(PUBLIC_KEY, handler) === true || classPublic,
            permission: auth?.permission ?? null,
            live: Reflect.getMetadata(LIVE_PROXMOX_KEY, handler) === true,
          });
        }
      }
    }
  }
  return out;
}
