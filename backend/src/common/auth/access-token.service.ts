import { Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../errors/app-error';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'multpanel';
const AUDIENCE = 'multpanel-api';

export interface AccessClaims {
  sub: string;
  sid: string;
}

// Verified tokens are remembered until they expire: the signature of the exact same string need
// not be checked again on every request (revocation is still checked per request by the guard).
const VERIFIED_MAX = 20_000;

@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, AccessClaims & { exp: number }>();

  constructor(config: AppConfig) {
    this.key = new TextEncoder().encode(config.env.JWT_SECRET);
  }

  async sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    const now = Math.floor(Date.now() / 1000);
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > now) return { sub: known.sub, sid: known.sid };
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw new Error('missing claims');
      }
      if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
      if (typeof payload.exp === 'number')
        this.verified.set(token, { sub: payload.sub, sid: payload.sid, exp: payload.exp });
      return { sub: payload.sub, sid: payload.sid };
    } catch {
      throw new AppError('UNAUTHENTICATED', 'Access token is invalid or expired');
    }
  }
}
