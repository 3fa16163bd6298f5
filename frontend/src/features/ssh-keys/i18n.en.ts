/** English strings of the SSH keys feature (merged into the app resources by i18n/resources.ts). */
export const en = {
  sshKeys: {
    nav: 'SSH keys',
    title: 'SSH keys',
    subtitle:
      "The platform's key pair on every node's authorized_keys, and whether each node accepts it",
    activeKey: 'Active key',
    noKey: 'No key yet.',
    fingerprint: 'Fingerprint',
    created: 'Created {{date}}',
    copy: 'Copy public key',
    copied: 'Public key copied',
    rotate: 'Rotate key',
    rotateTitle: 'Rotate the platform SSH key?',
    rotateMessage:
      'A new key is added to every node with the current key, verified, and only then the old key is removed. A node that fails keeps its old key and is reported.',
    rotateConfirm: 'Rotate',
    bulkPush: 'Push to selected ({{count}})',
    health: 'Key health per node',
    empty: 'No nodes yet. Nodes appear after the first inventory sync of a cluster.',
    cluster: 'Cluster',
    node: 'Node',
    target: 'SSH target',
    acceptsActive: 'Accepts active key',
    yes: 'Yes',
    no: 'No',
    unknown: 'Not checked',
    lastCheck: 'Last check',
    lastOk: 'Last OK',
    error: 'Error',
    push: 'Push key',
    test: 'Test',
    pushTitle: 'Push the platform key to {{name}}',
    bulkPushTitle: 'Push the platform key to {{count}} clusters',
    pushHelp:
      'Connects as {{user}} to each node with this password once, adds the public key to ~/.ssh/authorized_keys and checks that the key logs in. The password is not stored.',
    bulkPushHelp:
      'One password for every selected cluster. It is used once by the worker and not stored.',
    password: 'Password of {{user}}',
    passwordBulk: 'Password',
    pushConfirm: 'Push',
    close: 'Close',
    results: 'Results',
    resultOk: 'OK ({{ms}} ms)',
    editTarget: 'Edit SSH target of {{node}}',
    targetTitle: 'SSH target of {{node}} ({{cluster}})',
    targetHelp:
      'Leave the host empty to use the node name and the port empty for 22. Saving also forgets the pinned host key, so the next login pins the key the node presents then.',
    host: 'Host or IP',
    port: 'Port',
  },
  // Labels of this feature's job types in the jobs list and progress bars.
};
