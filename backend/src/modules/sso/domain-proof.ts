import { createHmac } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { DnsLookupError, DnsTxtResolver } from './dns-txt-resolver';

export const TXT_NAME_PREFIX = '_multpanel-challenge';
export const TXT_VALUE_PREFIX = 'multpanel-domain-verification=';

/**
 * The DNS proof of an email domain, shared by SSO providers and LDAP directories: a TXT record
 * derived from the claimant (`purpose` + its id) with a server secret, so it needs no storage and
 * one claimant's record proves nothing for another.
 */
@Injectable()
export class DomainProof {
  constructor(
    private readonly dns: DnsTxtResolver,
    private readonly config: AppConfig,
  ) {}

  txtRecord(purpose: string, ownerId: string, domain: string): { name: string; value: string } {
    const mac = createHmac('sha256', this.config.env.JWT_SECRET)
      .update(`${purpose}\n${ownerId}\n${domain}`)
      .digest('base64url')
      .slice(0, 32);
    return { name: `${TXT_NAME_PREFIX}.${domain}`, value: `${TXT_VALUE_PREFIX}${mac}` };
  }

  /** Looks the record up; a clear 400 (with the expected record) when it is not published yet. */
  async check(purpose: string, ownerId: string, domain: string): Promise<void> {
    const txt = this.txtRecord(purpose, ownerId, domain);
    let found: string[];
    try {
      found = await this.dns.txt(txt.name);
    } catch (err) {
      if (!(err instanceof DnsLookupError) || err.kind === 'unavailable') {
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          `Could not check DNS: ${(err as Error).message}`,
        );
      }
      found = [];
    }
    if (!found.includes(txt.value)) {
      throw new AppError(
        'BAD_REQUEST',
        `No TXT record "${txt.value}" at ${txt.name} yet; publish it (DNS changes can take a while) and try again`,
        { txtName: txt.name, txtValue: txt.value },
      );
    }
  }
}

@Module({ providers: [DnsTxtResolver, DomainProof], exports: [DomainProof] })
export class DomainProofModule {}
