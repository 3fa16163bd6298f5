import type { IncomingMessage } from 'node:http';
import type { AuthContext } from './auth/acl';
import type { ClusterRuntime } from './runtime';
import type { ClusterState } from './world/types';
import type { ParamValue, RawValue } from './schema/param-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Params = Record<string, any> & Record<string, ParamValue | undefined>;

export interface RouteCtx {
  rt: ClusterRuntime;
  c: ClusterState;
  p: Params;
  auth: AuthContext;
  req: IncomingMessage;
  /** file part of a multipart upload (content discarded, size counted) */
  upload?: { field: string; filename: string; size: number; data?: Buffer };
  /** another API call on the caller's behalf, checked like one over HTTP (POST /nodes/{node}/execute) */
  call?: (method: string, path: string, params: Record<string, RawValue>) => Promise<unknown>;
}

/** Wraps a handler result that needs envelope members besides `data` (e.g. `total`). */
export class Reply {
  constructor(
    readonly data: unknown,
    readonly extra: Record<string, unknown> = {},
  ) {}
}

/** A complete, already serialized response body (hot paths cache their JSON). */
export class RawJson {
  constructor(readonly json: string) {}
}

export type Handler = (ctx: RouteCtx) => unknown;

export class Router {
  private readonly handlers = new Map<string, Handler>();

  add(method: string, template: string, handler: Handler): this {
    const key = `${method} ${template}`;
    if (this.handlers.has(key)) throw new Error(`duplicate route ${key}`);
    this.handlers.set(key, handler);
    return this;
  }

  get(method: string, template: string): Handler | undefined {
    return this.handlers.get(`${method} ${template}`);
  }

  list(): Array<{ method: string; path: string }> {
    return [...this.handlers.keys()].map((k) => {
      const i = k.indexOf(' ');
      return { method: k.slice(0, i), path: k.slice(i + 1) };
    });
  }
}
