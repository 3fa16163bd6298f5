import { createHmac } from 'node:crypto';
import { parsePush, verifyWebhook } from './webhook-signature';

const secret = 'whsec-123';
const body = Buffer.from('{"ref":"refs/heads/main","after":"' + 'a'.repeat(40) + '"}');
const hex = createHmac('sha256', secret).update(body).digest('hex');

describe('verifyWebhook', () => {
  it('accepts GitHub, Gitea and GitLab deliveries signed with the secret', () => {
    expect(verifyWebhook({ 'x-hub-signature-256': `sha256=${hex}` }, body, secret)).toBe('github');
    expect(verifyWebhook({ 'x-gitea-signature': hex }, body, secret)).toBe('gitea');
    expect(verifyWebhook({ 'x-gitlab-token': secret }, body, secret)).toBe('gitlab');
  });

  it('refuses a wrong signature, a changed body, a wrong token and no signature', () => {
    expect(
      verifyWebhook({ 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body, secret),
    ).toBeNull();
    const changed = Buffer.from(body.toString().replace('main', 'mainx'));
    expect(verifyWebhook({ 'x-hub-signature-256': `sha256=${hex}` }, changed, secret)).toBeNull();
    expect(verifyWebhook({ 'x-gitea-signature': hex.slice(1) }, body, secret)).toBeNull();
    expect(verifyWebhook({ 'x-gitlab-token': 'guess' }, body, secret)).toBeNull();
    expect(verifyWebhook({}, body, secret)).toBeNull();
  });
});

describe('parsePush', () => {
  it('reads branch and head commit; tags, deletions and junk give nulls', () => {
    expect(parsePush({ ref: 'refs/heads/release/1.2', after: 'b'.repeat(40) })).toEqual({
      branch: 'release/1.2',
      commit: 'b'.repeat(40),
    });
    expect(parsePush({ ref: 'refs/tags/v1', after: 'b'.repeat(40) }).branch).toBeNull();
    expect(parsePush({ ref: 'refs/heads/main', after: '0'.repeat(40) }).commit).toBeNull();
    expect(parsePush({ ref: 'refs/heads/main', after: '$(reboot)' }).commit).toBeNull();
    expect(parsePush(null)).toEqual({ branch: null, commit: null });
  });
});
