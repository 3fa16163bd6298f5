import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';

export interface RouteBody {
  /** "POST /quota-requests/:id/approve", the key of contracts' API_BODIES. */
  key: string;
  /** The zod schema the validation pipe applies (a nestjs-zod DTO's static `schema`), if any. */
  schema: unknown;
  /** Class name of the declared body type, for messages. */
  typeName: string;
}

/**
 * Every route that takes a request body, with the schema the API validates it against, read from the
 * same metadata Nest's router and the global ZodValidationPipe read.
 */
export function routeBodies(app: INestApplication): RouteBody[] {
  const out: RouteBody[] = [];
  const join = (...parts: string[]) =>
    `/${parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/')}`;
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) => [
    ...m.controllers.values(),
  ]);
  for (const wrapper of new Set(controllers)) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!type) continue;
    const base = (Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined) ?? '';
    const proto = type.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || path === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as Record<
        string,
        { index: number; data?: unknown }
      >;
      const bodyArg = Object.entries(args).find(
        ([k]) => Number(k.split(':')[0]) === RouteParamtypes.BODY,
      );
      if (!bodyArg) continue;
      const paramTypes = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as Array<
        { name?: string; schema?: unknown } | undefined
      >;
      const bodyType = paramTypes[bodyArg[1].index];
      for (const b of Array.isArray(base) ? base : [base]) {
        for (const p of Array.isArray(path) ? path : [path]) {
          out.push({
            key: `${RequestMethod[method]} ${join(b, p)}`,
            schema: bodyType?.schema,
            typeName: bodyType?.name ?? 'unknown',
          });
        }
      }
    }
  }
  return out;
}
