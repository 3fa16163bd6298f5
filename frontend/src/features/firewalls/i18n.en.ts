/** English strings of the firewalls feature (merged into the app resources by i18n/resources.ts). */
export const en = {
  firewalls: {
    nav: 'Firewalls',
    title: 'Firewalls',
    subtitle: "Each customer's OPNsense edge firewall: status, version and last change",
    empty: 'No firewalls yet.',
    fields: {
      name: 'Name',
      status: 'Status',
      version: 'OPNsense',
      company: 'Company',
      lastChange: 'Last change',
      url: 'Address',
    },
    status: { online: 'Online', unreachable: 'Unreachable', unknown: 'Not checked' },
    kinds: {
      d_nat: 'Port forwards',
      filter: 'Rules',
      one_to_one: 'One-to-one NAT',
      source_nat: 'Outbound NAT',
      alias: 'Aliases',
    },
    noItems: 'Nothing here on the firewall.',
    changes: 'Change history',
    noChanges: 'No changes yet.',
    deployments: 'Deployment timings',
    noDeployments: 'Registered by hand: no deployment recorded.',
    deployment: { status: 'Deployment', total: 'Total', steps: 'Steps' },
    change: {
      status: 'Status',
      created: 'Created',
      operations: 'Operations',
      duration: 'Duration',
      reason: 'Reason',
    },
  },
};
