import { z } from 'zod';

// Passkeys (WebAuthn): registered per user, used to sign in without a password or as the second
// factor. The browser's JSON forms of credentials are checked in depth by the server's verifier;
// here only their outer shape.

const b64url = z.string().regex(/^[A-Za-z0-9_-]{1,4096}$/, 'base64url');
const challengeId = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

export const passkeyNameSchema = z.string().trim().min(1).max(100);

const credentialShape = {
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

export const passkeyRegistrationSchema = z
  .object({
    challengeId,
    name: passkeyNameSchema,
    credential: z
      .object({
        ...credentialShape,
        response: z
          .object({
            clientDataJSON: b64url,
            attestationObject: z.string().regex(/^[A-Za-z0-9_-]{1,16384}$/),
            transports: z.array(z.string().max(32)).max(10).optional(),
            authenticatorData: b64url.optional(),
            publicKey: b64url.optional(),
            publicKeyAlgorithm: z.number().int().optional(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();
export type PasskeyRegistrationInput = z.input<typeof passkeyRegistrationSchema>;

export const passkeyRenameSchema = z.object({ name: passkeyNameSchema }).strict();
export type PasskeyRenameInput = z.infer<typeof passkeyRenameSchema>;

export const passkeyLoginSchema = z
  .object({
    challengeId,
    credential: z
      .object({
        ...credentialShape,
        response: z
          .object({
            clientDataJSON: b64url,
            authenticatorData: b64url,
            signature: b64url,
            userHandle: b64url.optional(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();
export type PasskeyLoginInput = z.input<typeof passkeyLoginSchema>;

/** Options for `navigator.credentials.create/get` (simplewebauthn's JSON), and the id to send back. */
export interface PasskeyOptionsResponse {
  challengeId: string;
  options: Record<string, unknown>;
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}
