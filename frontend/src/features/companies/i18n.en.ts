// Company labels for required two-factor authentication (merged over the shared English resources).
export const en = {
  companies: {
    fields: { mayOwnClusters: 'Its administrators may add clusters of their own' },
    mayOwnClustersHelp:
      'Dedicated Proxmox clusters (up to 50) that only this company sees and uses; the platform connects to the addresses its administrators give.',
    require2faHelp:
      'Switching it on signs out users without 2FA (except you, here); they set it up at their next password sign-in. Single sign-on (Entra ID) sign-ins are exempt: the identity provider enforces its own MFA. API keys keep working.',
  },
};
