import { COMPANY_SSO_ROLES, PLATFORM_SSO_ROLES } from '@multpanel/contracts/sso';
import Divider from '@mui/material/Divider';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import type { ProviderTarget } from '../api/identity-provider';
import {
  useDeleteLdapDirectory,
  useLdapDirectory,
  useMappableRoles,
  useSaveLdapDirectory,
} from '../api/ldap-directory';
import { LdapDirectoryForm } from './ldap-directory-form';
import { LdapTestPanel } from './ldap-test-panel';
import { SignInSourceCard } from './sign-in-source-card';
import { LdapDomains } from './sso-domains';

/** Loads, edits, tests and removes one LDAP / AD directory (a company's, or the staff's). */
export function LdapDirectoryCard({ target }: { target: ProviderTarget }) {
  const directory = useLdapDirectory(target);
  const customRoles = useMappableRoles();
  const save = useSaveLdapDirectory(target);
  const remove = useDeleteLdapDirectory(target);
  const platform = target.kind === 'platform';
  const operator = useAuthorization().has(perm.platformSettings);
  // A company's directory may name platform-wide roles and that company's own.
  const mappable = (customRoles.data ?? []).filter(
    (r) => r.companyId === null || (target.kind === 'company' && r.companyId === target.companyId),
  );

  return (
    <SignInSourceCard
      ns="ldap"
      platform={platform}
      query={directory}
      save={save}
      remove={remove}
      removable
      form={(beforeSave) => (
        <LdapDirectoryForm
          key={directory.data?.updatedAt ?? 'new'}
          directory={directory.data ?? null}
          roles={platform ? PLATFORM_SSO_ROLES : COMPANY_SSO_ROLES}
          customRoles={mappable}
          pending={save.isPending}
          error={save.error}
          onSubmit={(input) => {
            beforeSave();
            save.mutate(input);
          }}
        />
      )}
      stored={
        <>
          {target.kind === 'company' && (
            // The staff directory's domains were approved when it was set up; no proof list.
            <LdapDomains companyId={target.companyId} canApprove={operator} />
          )}
          <Divider />
          <LdapTestPanel target={target} />
        </>
      }
    />
  );
}
