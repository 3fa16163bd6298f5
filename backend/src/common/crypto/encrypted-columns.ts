// Every column holding a SecretsCipher envelope, with the context it was encrypted under.
// `cli reencrypt-secrets` walks this list after a key rotation; add new secret columns here.
export interface EncryptedColumn {
  table: string;
  column: string;
  context: string;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'User', column: 'totpSecret', context: 'user.totp' },
  { table: 'Cluster', column: 'secret', context: 'cluster.secret' },
  { table: 'SshKey', column: 'privateKey', context: 'ssh-key.private' },
  { table: 'IdentityProvider', column: 'clientSecret', context: 'identity-provider.client-secret' },
  { table: 'TlsCertificate', column: 'accountKey', context: 'tls-certificate.account-key' },
  { table: 'NotificationChannel', column: 'secret', context: 'notification-channel.secret' },
  { table: 'EsxiSource', column: 'password', context: 'esxi-source.password' },
  { table: 'Firewall', column: 'apiKey', context: 'firewall.api-key' },
  { table: 'Firewall', column: 'apiSecret', context: 'firewall.api-secret' },
  { table: 'Deployment', column: 'repoToken', context: 'deployment.repo-token' },
  { table: 'Deployment', column: 'envValues', context: 'deployment.env' },
  { table: 'Deployment', column: 'accessPrivateKey', context: 'deployment.access-key' },
  { table: 'Deployment', column: 'deployPrivateKey', context: 'deployment.deploy-key' },
  { table: 'Deployment', column: 'webhookSecret', context: 'deployment.webhook-secret' },
];
