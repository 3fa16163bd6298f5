import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import type { Cluster } from '../../src/generated/prisma/client';
import type { TestContext } from './test-context';

/**
 * A cluster row that no test ever connects to (nothing listens at its address), for tests of the
 * platform's own rules. Its secret is a real envelope: `cli reencrypt-secrets` in another suite of
 * the same run walks every row.
 */
export function newClusterRow(
  ctx: TestContext,
  allowedCompanyIds: string[] = [],
): Promise<Cluster> {
  return ctx.prisma.cluster.create({
    data: {
      name: ctx.unique('cl').slice(0, 60),
      endpoints: [{ url: 'https://127.0.0.1:1' }],
      authType: 'token',
      authUser: 'root@pam!t',
      secret: ctx.app.get(SecretsCipher).encrypt('not-used', 'cluster.secret'),
      tags: [],
      allowedCompanies: { create: allowedCompanyIds.map((companyId) => ({ companyId })) },
    },
  });
}
