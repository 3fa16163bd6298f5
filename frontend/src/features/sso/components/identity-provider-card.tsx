import { COMPANY_SSO_ROLES, entraIssuer, PLATFORM_SSO_ROLES } from '@multpanel/contracts/sso';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import {
  useDeleteIdentityProvider,
  useIdentityProvider,
  useSaveIdentityProvider,
  type ProviderTarget,
} from '../api/identity-provider';
import { IdentityProviderForm } from './identity-provider-form';
import { SignInSourceCard } from './sign-in-source-card';
import { SsoDomains } from './sso-domains';

/** Loads, edits and removes one identity provider (a company's, or the platform's). */
export function IdentityProviderCard({ target }: { target: ProviderTarget }) {
  const provider = useIdentityProvider(target);
  const save = useSaveIdentityProvider(target);
  const remove = useDeleteIdentityProvider(target);
  const platform = target.kind === 'platform';
  // Platform administrators may point the server at another issuer and approve domains.
  const operator = useAuthorization().has(perm.platformSettings);

  return (
    <SignInSourceCard
      ns="sso"
      platform={platform}
      query={provider}
      save={save}
      remove={remove}
      removable={!platform}
      form={(beforeSave) => (
        <IdentityProviderForm
          // Remount after a save or removal so the form shows what is stored.
          key={provider.data?.updatedAt ?? 'new'}
          provider={provider.data ?? null}
          roles={platform ? PLATFORM_SSO_ROLES : COMPANY_SSO_ROLES}
          defaultIssuer={entraIssuer}
          canSetIssuer={operator}
          pending={save.isPending}
          error={save.error}
          onSubmit={(input) => {
            beforeSave();
            save.mutate(input);
          }}
        />
      )}
      stored={
        provider.data &&
        target.kind === 'company' && (
          <SsoDomains
            companyId={target.companyId}
            domains={provider.data.domains}
            canApprove={operator}
          />
        )
      }
    />
  );
}
