import type { PveHttpMethod } from '@multpanel/contracts';

type Params = Record<string, string | number | boolean>;

// Parameter names whose values are never shown, logged or audited.
const SECRET_NAME =
  /(^|[-_])(pass(word)?|secret|token|key|ticket|cookie|csrf)s?($|[-_])|cipassword|sshkeys/i;

/** `params` with every secret-looking value replaced by `***` (audit entries, command lines). */
export function maskParams(params: Params): Params {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, SECRET_NAME.test(k) ? '***' : v]),
  );
}

/** Single-quoted for a POSIX shell. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const PVESH_VERB: Record<PveHttpMethod, string> = {
  GET: 'get',
  POST: 'create',
  PUT: 'set',
  DELETE: 'delete',
};

/**
 * The call as a `curl` line against `baseUrl` with an API token (its secret left in
 * `$PVE_TOKEN_SECRET`) and as `pvesh` on a node; secret parameters masked in both.
 */
export function commandLines(
  method: PveHttpMethod,
  path: string,
  params: Params,
  target: { baseUrl: string; tokenId: string | null },
): { curl: string; pvesh: string } {
  const shown = maskParams(params);
  const entries = Object.entries(shown);
  const auth = target.tokenId
    ? `-H ${sh(`Authorization: PVEAPIToken=${target.tokenId}=`)}"$PVE_TOKEN_SECRET"`
    : `-b "PVEAuthCookie=$PVE_TICKET" -H "CSRFPreventionToken: $PVE_CSRF"`;
  let url = `${target.baseUrl.replace(/\/+$/, '')}/api2/json${path}`;
  const data: string[] = [];
  if (method === 'GET' || method === 'DELETE') {
    const qs = new URLSearchParams(
      entries.map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    if (qs) url += `?${qs}`;
  } else {
    for (const [k, v] of entries) data.push(`--data-urlencode ${sh(`${k}=${String(v)}`)}`);
  }
  const curl = ['curl', '-ks', '-X', method, auth, ...data, sh(url)].join(' ');
  const pvesh = [
    'pvesh',
    PVESH_VERB[method],
    sh(path),
    ...entries.map(([k, v]) => `--${k} ${sh(String(v))}`),
    '--output-format',
    'json-pretty',
  ].join(' ');
  return { curl, pvesh };
}
