// Labels of the templates feature (merged over the shared English resources).
export const en = {
  templates: {
    nav: 'Templates',
    title: 'Templates',
    subtitle: 'Which companies may clone each template; found by scanning the clusters.',
    scan: 'Scan now',
    empty: 'No templates found yet. Run a scan.',
    gpu: 'Windows + GPU',
    nobody: 'No company yet',
    editTitle: 'Template {{name}}',
    windowsGpuHelp:
      'Windows + GPU (Parsec-ready): creating from it offers the cluster GPU mappings',
    sortBy: 'Sort by',
    sort: {
      name: 'Name (A–Z)',
      '-name': 'Name (Z–A)',
      '-lastSeenAt': 'Last seen (newest)',
      lastSeenAt: 'Last seen (oldest)',
    },
    fields: {
      name: 'Name',
      kind: 'Kind',
      cluster: 'Cluster',
      node: 'Node',
      windowsGpu: 'Flags',
      companies: 'Allowed companies',
    },
  },
};
