import { z } from 'zod';

// Branding: the product name, logos, colours and contact details a company's users (or, for the
// platform, everyone else) see; host names that show a company's branding before sign-in.

export const BRANDING_ASSET_KINDS = ['logo-light', 'logo-dark', 'favicon'] as const;
export type BrandingAssetKind = (typeof BRANDING_ASSET_KINDS)[number];
export const BRANDING_ASSET_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
/** Logos and favicons: at most this many bytes and pixels on a side. */
export const BRANDING_ASSET_MAX_BYTES = 512 * 1024;
export const BRANDING_ASSET_MAX_PIXELS = 2048;

const colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
  .transform((v) => v.toLowerCase());
const text = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

export const brandingUpdateSchema = z
  .object({
    productName: text(80),
    primaryColor: colour.nullable().optional(),
    secondaryColor: colour.nullable().optional(),
    supportEmail: z.string().trim().email().max(191).nullable().optional(),
    supportPhone: text(64),
    footerText: text(500),
    mailFromName: text(120),
    mailFromAddress: z.string().trim().email().max(191).nullable().optional(),
  })
  .strict();
export type BrandingUpdateInput = z.infer<typeof brandingUpdateSchema>;

/** A host name as typed in a browser: lower-case labels, at least one dot, no port. */
export const brandingHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'a host name such as portal.example.com',
  );
export const brandingHostsSchema = z
  .object({ hosts: z.array(brandingHostSchema).max(10) })
  .strict();
export type BrandingHostsInput = z.infer<typeof brandingHostsSchema>;

export interface BrandingSettings {
  productName: string | null;
  primaryColor: string | null;
  secondaryColor: string | null;
  supportEmail: string | null;
  supportPhone: string | null;
  footerText: string | null;
  mailFromName: string | null;
  mailFromAddress: string | null;
  /** URLs of the uploaded images (null: none). */
  assets: Record<BrandingAssetKind, string | null>;
}

/** GET/PUT /api/companies/:id/branding (and /api/branding/platform, without hosts). */
export interface BrandingDto extends BrandingSettings {
  companyId: string | null;
  hosts: string[];
  updatedAt: string | null;
}

/**
 * GET /api/branding (public): what the SPA shows on this host before and after sign-in. A mapped
 * host shows its company's branding over the platform's; elsewhere the platform's own applies.
 */
export interface EffectiveBranding extends BrandingSettings {
  /** The company whose host this is (null: the platform's own host). */
  hostCompanyId: string | null;
  hostCompanyName: string | null;
  /**
   * `platform`: the platform's own host; `pending`: a mapped host, whose own certificate's state is at
   * GET /api/companies/:id/branding/certificates (not told before sign-in).
   */
  hostCertificate: 'platform' | 'pending';
}
