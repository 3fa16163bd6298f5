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

@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;

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
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw new Error('missing claims');
      }
      return { sub: payload.sub, sid: payload.sid };
    } catch {
      throw new AppError('UNAUTHENTICATED', 'Access token is invalid or expired');
    }
  }
}
