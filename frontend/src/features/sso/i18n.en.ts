/** English strings of single sign-on (merged into the app resources by i18n/resources.ts). */
export const en = {
  sso: {
    nav: 'Single sign-on',
    title: 'Single sign-on',
    subtitle: 'Let people sign in with their Microsoft Entra ID (Azure AD) account',
    companyCard: 'Microsoft Entra ID sign-in',
    platformCard: 'Entra ID sign-in for MSP staff',
    platformHint:
      'Staff whose email domain is listed here sign in with your own directory. Only platform administrator and salesperson roles can be granted.',
    companyHint:
      'People whose email domain is listed here sign in with this company’s directory. Only company administrator and user roles can be granted.',
    notConfigured: 'Not configured yet.',
    saved: 'Sign-in settings saved.',
    removed: 'Single sign-on removed.',
    remove: 'Remove single sign-on',
    addGroup: 'Add group mapping',
    removeGroup: 'Remove group mapping',
    noRole: 'Nobody (refuse the sign-in)',
    fields: {
      tenantId: 'Directory (tenant) ID',
      clientId: 'Application (client) ID',
      clientSecret: 'Client secret',
      clientSecretKeep: 'A secret is stored; leave empty to keep it',
      allowedDomains: 'Allowed email domains',
      allowedDomainsHint: 'Separate with commas, e.g. acme.com, acme.de',
      groupId: 'Entra group object ID',
      role: 'Role',
      groupRoleMap: 'Group → role mapping',
      defaultRole: 'Role for people in no mapped group',
      jitProvisioning: 'Create accounts on first sign-in',
      enabled: 'Enabled',
      issuerOverride: 'Issuer URL (optional, for sovereign clouds)',
      issuerOverrideHint: 'Empty: {{issuer}}',
      redirectUri: 'Redirect URI to register in Entra',
    },
    validation: {
      domains: 'Enter one or more domain names',
      secretRequired: 'Required for a new provider',
      url: 'Enter a full URL (https://...)',
    },
  },
};
