import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf } from './request-id';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

// Everything a request triggers (activity rows, logs) can name the request that caused it, without
// passing the id through every call. One AsyncLocalStorage run per request and nothing else: Nest's
// guards and interceptors stay off this path, which is the hottest in the API.
export const requestContext = {
  middleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    storage.run({ requestId: requestIdOf(req, res) }, next);
  },
  /** The current request's id; null outside a request (worker, boot, timers). */
  requestId(): string | null {
    return storage.getStore()?.requestId ?? null;
  },
};
