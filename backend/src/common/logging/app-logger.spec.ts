import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { AppLogger, createRootLogger } from './app-logger';
import { requestContext } from './request-context';

// Nest's Logger calls the app logger with its context last; lines must keep fields, errors,
// the request id and redaction.
describe('AppLogger', () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = new AppLogger(createRootLogger('info', sink));
  const logger = new Logger('Activity');

  beforeAll(() => Logger.overrideLogger(app));
  beforeEach(() => (lines.length = 0));
  afterAll(() => Logger.overrideLogger(false));

  it('writes a message with its context, and drops levels below the configured one', () => {
    logger.log('worker started');
    logger.debug('noise');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'worker started', context: 'Activity' }),
    ]);
  });

  it('turns an object first argument into fields and serializes errors', () => {
    logger.error({ err: new Error('disk full'), action: 'vm.create' }, 'could not write');
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'could not write',
      action: 'vm.create',
      context: 'Activity',
      err: { type: 'Error', message: 'disk full' },
    });
    expect((lines[0].err as { stack: string }).stack).toMatch(/\n\s*at /);
  });

  it("reads Nest's (message, stack, context) exception contract as an error", () => {
    app.error('boom', 'Error: boom\n    at x (y.js:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({
      level: 50,
      context: 'ExceptionsHandler',
      err: { message: 'boom', stack: 'Error: boom\n    at x (y.js:1:1)' },
    });
  });

  it('names the request a line was written in, and redacts secrets', () => {
    requestContext.middleware(
      { headers: { 'x-request-id': 'req-42' } } as never,
      { headersSent: true } as never,
      () => logger.warn({ user: { password: 'hunter2', email: 'a@b' } }, 'odd'),
    );
    expect(lines[0]).toMatchObject({ reqId: 'req-42', user: { password: '[redacted]' } });
    logger.warn('outside');
    expect(lines[1].reqId).toBeUndefined();
  });
});
