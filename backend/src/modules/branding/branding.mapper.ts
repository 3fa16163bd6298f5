import {
  BRANDING_ASSET_KINDS,
  type BrandingAssetKind,
  type BrandingSettings,
} from '@multpanel/contracts';
import type { BrandingRow } from './branding.repository';

export interface StoredAsset {
  sha256: string;
  contentType: string;
  size: number;
}
export type StoredAssets = Partial<Record<BrandingAssetKind, StoredAsset>>;

export function storedAssets(v: unknown): StoredAssets {
  if (!v || typeof v !== 'object') return {};
  const out: StoredAssets = {};
  for (const kind of BRANDING_ASSET_KINDS) {
    const a = (v as Record<string, unknown>)[kind] as StoredAsset | undefined;
    if (a && typeof a.sha256 === 'string' && /^[0-9a-f]{64}$/.test(a.sha256)) out[kind] = a;
  }
  return out;
}

/** Content-addressed, public URL of an image (the hash changes with the file: cache forever). */
export const assetUrl = (owner: string, a: StoredAsset) =>
  `/api/branding/assets/${owner}/${a.sha256}`;

export function toBrandingSettings(owner: string, row: BrandingRow | null): BrandingSettings {
  const assets = storedAssets(row?.assets);
  return {
    productName: row?.productName ?? null,
    primaryColor: row?.primaryColor ?? null,
    secondaryColor: row?.secondaryColor ?? null,
    supportEmail: row?.supportEmail ?? null,
    supportPhone: row?.supportPhone ?? null,
    footerText: row?.footerText ?? null,
    mailFromName: row?.mailFromName ?? null,
    mailFromAddress: row?.mailFromAddress ?? null,
    assets: Object.fromEntries(
      BRANDING_ASSET_KINDS.map((k) => [k, assets[k] ? assetUrl(owner, assets[k]) : null]),
    ) as BrandingSettings['assets'],
  };
}

/** The company's settings over the platform's, field by field (a company without a logo keeps the MSP's). */
export function mergeBranding(
  platform: BrandingSettings,
  company: BrandingSettings,
): BrandingSettings {
  const pick = <K extends keyof BrandingSettings>(k: K) => company[k] ?? platform[k];
  return {
    productName: pick('productName'),
    primaryColor: pick('primaryColor'),
    secondaryColor: pick('secondaryColor'),
    supportEmail: pick('supportEmail'),
    supportPhone: pick('supportPhone'),
    footerText: pick('footerText'),
    mailFromName: pick('mailFromName'),
    mailFromAddress: pick('mailFromAddress'),
    assets: Object.fromEntries(
      BRANDING_ASSET_KINDS.map((k) => [k, company.assets[k] ?? platform.assets[k]]),
    ) as BrandingSettings['assets'],
  };
}
