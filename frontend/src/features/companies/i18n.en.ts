// Company labels for required two-factor authentication (merged over the shared English resources).
export const en = {
  companies: {
    overview: {
      guests: 'Guests',
      users: 'Users',
      inUse: 'In use',
      usage: '{{vcpus}} vCPUs · {{memory}} GiB · {{disk}} GB disk',
      usageTitle: 'Quota and usage',
      guestsTitle_one: '{{count}} virtual machine',
      guestsTitle_other: '{{count}} virtual machines',
      usersTitle_one: '{{count}} user',
      usersTitle_other: '{{count}} users',
      guestName: 'Name',
      guestCluster: 'Cluster',
      userName: 'Name',
      userEmail: 'Email',
      userRole: 'Role',
      state: { running: 'Running', stopped: 'Stopped', paused: 'Paused' },
    },
    fields: { mayOwnClusters: 'Its administrators may add clusters of their own' },
    mayOwnClustersHelp:
      'Dedicated Proxmox clusters (up to 50) that only this company sees and uses; the platform connects to the addresses its administrators give.',
    require2faHelp:
      'Switching it on signs out users without 2FA (except you, here); they set it up at their next password sign-in. Single sign-on (Entra ID) sign-ins are exempt: the identity provider enforces its own MFA. API keys keep working.',
  },
};
