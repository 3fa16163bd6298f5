import type { z } from 'zod';

// Response schemas of guests (VMs and containers), their devices and backups, the create wizard and
// placement, media and frameworks, merged into API_RESPONSES; see api-responses.ts for the rules
// (typed against the SPA's interface, strict objects, 2xx answers only). Each route here is parsed
// against the real API's answer by some integration test (expectApiResponse).

export const GUEST_RESPONSES = {} as const satisfies Record<string, z.ZodType>;
