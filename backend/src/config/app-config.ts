import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv, type Env } from './env.schema';

// The only place the process environment is read.
export class AppConfig {
  readonly version: string;

  constructor(readonly env: Env) {
    // The release version is the repository's (root package.json), which release tags vX.Y.Z carry.
    const pkg = JSON.parse(
      readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
    );
    this.version = String(pkg.version);
  }

  static fromProcess(overrides: Record<string, string | undefined> = {}): AppConfig {
    return new AppConfig(parseEnv({ ...process.env, ...overrides }));
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get publicUrl(): string {
    return this.env.PUBLIC_URL ?? `http://127.0.0.1:${this.env.PORT}`;
  }

  redisKey(...parts: string[]): string {
    return [this.env.REDIS_PREFIX, ...parts].join(':');
  }
}
