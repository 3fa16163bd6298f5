import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';

/** scripts/update/engine.mjs of the running installation (backend/dist/modules/system-update → root). */
export const ENGINE_PATH = resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'scripts',
  'update',
  'engine.mjs',
);

interface EngineFailure {
  error: { code: string; message: string };
}

/**
 * Runs the update engine's CLI and reads its JSON answer. The API never updates anything itself: an
 * update or rollback is started detached (`--detach`) and outlives the API processes it reloads.
 */
@Injectable()
export class UpdateEngineClient {
  constructor(private readonly config: AppConfig) {}

  run<T>(args: string[], timeoutMs = 60_000): Promise<T> {
    const env = this.engineEnv();
    return new Promise<T>((done, fail) => {
      execFile(
        process.execPath,
        [ENGINE_PATH, ...args],
        { env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const last = stdout.trim().split('\n').pop() ?? '';
          let parsed: unknown;
          try {
            parsed = JSON.parse(last);
          } catch {
            const why = err?.killed ? 'timed out' : (stderr || err?.message || 'no answer').trim();
            return fail(new AppError('DEPENDENCY_UNAVAILABLE', `update engine: ${why}`));
          }
          const failure = (parsed as Partial<EngineFailure>).error;
          if (failure) return fail(engineError(failure));
          done(parsed as T);
        },
      );
    });
  }

  // The engine reads the same settings as the API; UPDATE_* keys come from the validated config.
  private engineEnv(): NodeJS.ProcessEnv {
    const e = this.config.env;
    const extra: Record<string, string> = {
      UPDATE_REMOTE: e.UPDATE_REMOTE,
      UPDATE_PM2: e.UPDATE_PM2,
    };
    if (e.UPDATE_ALLOW_PRERELEASE) extra.UPDATE_ALLOW_PRERELEASE = 'true';
    if (e.UPDATE_STATE_DIR) extra.UPDATE_STATE_DIR = e.UPDATE_STATE_DIR;
    return { ...process.env, ...extra };
  }
}

function engineError(e: EngineFailure['error']): AppError {
  switch (e.code) {
    case 'NOT_FOUND':
      return new AppError('NOT_FOUND', e.message);
    case 'CONFLICT':
      return new AppError('CONFLICT', e.message);
    case 'BAD_REQUEST':
      return new AppError('BAD_REQUEST', e.message);
    default:
      return new AppError('DEPENDENCY_UNAVAILABLE', `update engine: ${e.message}`);
  }
}
