/** English labels of the console feature (merged into the app resources by i18n/resources.ts). */
export const en = {
  console: {
    title: 'Console: {{name}}',
    back: 'Back',
    fit: 'Fit to window',
    fullscreen: 'Full screen',
    ctrlAltDel: 'Ctrl+Alt+Del',
    paste: 'Paste',
    pasteTitle: 'Paste into the console',
    pasteLabel: 'Text',
    pasteSend: 'Send',
    reconnect: 'Reconnect',
    disconnect: 'Disconnect',
    status: {
      connecting: 'Connecting',
      connected: 'Connected',
      reconnecting: 'Reconnecting (attempt {{attempt}})',
      closed: 'Closed',
    },
    closed: {
      normal: 'The console session ended.',
      token: 'The console link expired before it was used.',
      forbidden: 'The console was refused: {{reason}}.',
      idle: 'The console was closed after a period of inactivity.',
      upstream: 'Proxmox did not open the console: {{reason}}.',
      restart: 'The server restarted.',
      network: 'The connection was lost.',
    },
  },
};
