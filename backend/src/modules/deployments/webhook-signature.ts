import { createHmac, timingSafeEqual } from 'node:crypto';

// Push webhooks from GitHub, Gitea and GitLab (pure).
// GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`; Gitea: `X-Gitea-Signature:
// <hex HMAC-SHA256>`; GitLab signs nothing: it sends the secret itself in `X-Gitlab-Token`.

export type WebhookProvider = 'github' | 'gitea' | 'gitlab';

type Headers = Record<string, string | string[] | undefined>;

const header = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The provider whose signature verifies, or null (no signature, or a wrong one). */
export function verifyWebhook(
  headers: Headers,
  rawBody: Buffer,
  secret: string,
): WebhookProvider | null {
  const hmac = () => createHmac('sha256', secret).update(rawBody).digest('hex');
  const gh = header(headers, 'x-hub-signature-256');
  if (gh !== undefined) return equal(gh.toLowerCase(), `sha256=${hmac()}`) ? 'github' : null;
  const gitea = header(headers, 'x-gitea-signature');
  if (gitea !== undefined) return equal(gitea.toLowerCase(), hmac()) ? 'gitea' : null;
  const gitlab = header(headers, 'x-gitlab-token');
  if (gitlab !== undefined) return equal(gitlab, secret) ? 'gitlab' : null;
  return null;
}

export interface PushEvent {
  /** Branch name (refs/heads/ stripped), or null for a tag or a non-push event. */
  branch: string | null;
  /** The commit the push moved the branch to. */
  commit: string | null;
}

/** Branch and head commit of a push payload (the three providers share `ref` and `after`). */
export function parsePush(body: unknown): PushEvent {
  const b = (body ?? {}) as { ref?: unknown; after?: unknown; checkout_sha?: unknown };
  const ref = typeof b.ref === 'string' ? b.ref : '';
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  const sha =
    typeof b.after === 'string'
      ? b.after
      : typeof b.checkout_sha === 'string'
        ? b.checkout_sha
        : '';
  const commit = /^[0-9a-f]{40}$/.test(sha) && !/^0+$/.test(sha) ? sha : null;
  return { branch, commit };
}
