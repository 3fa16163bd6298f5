import { Resolver } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/** Why no TXT records came back: the name has none, or DNS itself could not be asked. */
export class DnsLookupError extends Error {
  constructor(
    readonly kind: 'no_records' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

/**
 * The DNS seam of domain verification: TXT records of a name, from the system's resolvers or the
 * ones SSO_DNS_SERVERS names (a resolver that sees the public records, when the host's own does not).
 */
@Injectable()
export class DnsTxtResolver {
  private readonly resolver = new Resolver({ timeout: 3000, tries: 2 });

  constructor(config: AppConfig) {
    const servers = config.env.SSO_DNS_SERVERS;
    if (servers) this.resolver.setServers(servers);
  }

  /** Each TXT record as one string (its character strings joined). */
  async txt(name: string): Promise<string[]> {
    try {
      return (await this.resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (NO_RECORDS.has(code)) throw new DnsLookupError('no_records', `no TXT record at ${name}`);
      throw new DnsLookupError('unavailable', `DNS lookup of ${name} failed (${code || 'error'})`);
    }
  }
}
