import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a request goes through before routing, in the shape of a Fastify onRequest hook. */
export type RequestStep = (
  req: FastifyRequest,
  reply: FastifyReply,
  next: (err?: Error) => void,
) => void;

/**
 * Runs the steps in order; a step that answers the request does not call `next`. One onRequest
 * hook runs them, and so does the handler of the malformed URLs Fastify answers before any hook.
 */
export function runSteps(
  steps: readonly RequestStep[],
  req: FastifyRequest,
  reply: FastifyReply,
  done: (err?: Error) => void,
): void {
  let i = 0;
  const next = (err?: Error): void => {
    const step = steps[i++];
    if (err || !step) return done(err);
    step(req, reply, next);
  };
  next();
}
