import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

// Starts backend/test/helpers/oidc-provider.mjs (a real OpenID provider shaped like Entra ID) in its
// own process on a free port and waits for its address line.

export interface OidcTestAccount {
  email: string;
  sub?: string;
  name?: string;
  groups?: string[];
  tid?: string;
  emailClaim?: boolean;
  aliases?: string[];
}

export interface OidcTestTenant {
  tenantId: string;
  clients: Array<{ clientId: string; clientSecret: string; redirectUris: string[] }>;
  accounts: OidcTestAccount[];
}

export interface OidcTestProvider {
  port: number;
  issuers: Record<string, string>;
  close(): Promise<void>;
}

export const OIDC_PROVIDER_SCRIPT = resolve(__dirname, 'oidc-provider.mjs');

export async function startOidcProvider(config: {
  tenants: OidcTestTenant[];
  autoLogin?: boolean;
}): Promise<OidcTestProvider> {
  const child: ChildProcess = spawn(process.execPath, [OIDC_PROVIDER_SCRIPT], {
    env: { ...process.env, OIDC_TEST_CONFIG: JSON.stringify(config), NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const ready = await new Promise<{ port: number; issuers: Record<string, string> }>(
    (resolveReady, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`OIDC provider did not start: ${stderr}`)),
        15_000,
      );
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolveReady(JSON.parse(line));
        } catch (err) {
          reject(err);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`OIDC provider exited (${code}): ${stderr}`));
      });
    },
  );
  return {
    ...ready,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** A tiny cookie jar for following the provider's redirects by hand. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows redirects from `url` at the provider until one leaves for `stopAt` (our callback URL);
 * returns that URL. Throws when the provider answers with a page instead (no auto-login).
 */
export async function followProvider(
  url: string,
  stopAt: string,
  jar = new CookieJar(),
): Promise<URL> {
  let next = url;
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(stopAt)) return new URL(next);
    const res = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(
        `provider answered ${res.status} at ${next}: ${(await res.text()).slice(0, 300)}`,
      );
    }
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects at the provider');
}
