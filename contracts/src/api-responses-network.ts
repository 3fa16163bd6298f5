import type { z } from 'zod';

// Response schemas of IPAM and OPNsense firewalls, merged into API_RESPONSES; see api-responses.ts for the rules
// (typed against the SPA's interface, strict objects, 2xx answers only). Each route here is parsed
// against the real API's answer by some integration test (expectApiResponse).

export const NETWORK_RESPONSES = {} as const satisfies Record<string, z.ZodType>;
