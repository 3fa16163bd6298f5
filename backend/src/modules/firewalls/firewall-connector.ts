import { Injectable } from '@nestjs/common';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { OpnsenseClient, type OpnsenseClientOptions } from '../../common/opnsense';
import type { FirewallRow } from './firewalls.repository';

export const FIREWALL_KEY_CONTEXT = 'firewall.api-key';
export const FIREWALL_SECRET_CONTEXT = 'firewall.api-secret';
/** The web GUI certificate a deploy job made, kept in its state until the config disk is written. */
export const FIREWALL_CERT_CONTEXT = 'firewall.webgui-cert';

export interface WebguiCertificate {
  pem: string;
  key: string;
  fingerprint: string;
}

/** Opens an OPNsense client for a stored firewall (decrypting its key and secret only here). */
@Injectable()
export class FirewallConnector {
  constructor(private readonly cipher: SecretsCipher) {}

  seal(apiKey: string, apiSecret: string): { apiKey: string; apiSecret: string } {
    return {
      apiKey: this.cipher.encrypt(apiKey, FIREWALL_KEY_CONTEXT),
      apiSecret: this.cipher.encrypt(apiSecret, FIREWALL_SECRET_CONTEXT),
    };
  }

  /** One sealed value back in clear (the deploy job writes the key into config.xml). */
  open(sealed: string, context: typeof FIREWALL_KEY_CONTEXT | typeof FIREWALL_SECRET_CONTEXT) {
    return this.cipher.decrypt(sealed, context);
  }

  sealCertificate(cert: WebguiCertificate): string {
    return this.cipher.encrypt(JSON.stringify(cert), FIREWALL_CERT_CONTEXT);
  }

  openCertificate(sealed: string): WebguiCertificate {
    return JSON.parse(this.cipher.decrypt(sealed, FIREWALL_CERT_CONTEXT)) as WebguiCertificate;
  }

  client(row: FirewallRow, opts: OpnsenseClientOptions = {}): OpnsenseClient {
    return new OpnsenseClient(
      {
        url: row.url,
        key: this.cipher.decrypt(row.apiKey, FIREWALL_KEY_CONTEXT),
        secret: this.cipher.decrypt(row.apiSecret, FIREWALL_SECRET_CONTEXT),
        fingerprint: row.fingerprint,
        label: `Firewall ${row.name}`,
      },
      opts,
    );
  }

  /** Run `fn` with a client that is closed afterwards. */
  async with<T>(
    row: FirewallRow,
    fn: (c: OpnsenseClient) => Promise<T>,
    opts?: OpnsenseClientOptions,
  ): Promise<T> {
    const c = this.client(row, opts);
    try {
      return await fn(c);
    } finally {
      c.close();
    }
  }
}
