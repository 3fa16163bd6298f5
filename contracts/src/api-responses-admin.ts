import type { z } from 'zod';

// Response schemas of activity, the fleet dashboard, leftovers, platform settings, the PVE API
// explorer, roles, setup, SSH keys, system updates, usage and users, merged into API_RESPONSES; see api-responses.ts for the rules
// (typed against the SPA's interface, strict objects, 2xx answers only). Each route here is parsed
// against the real API's answer by some integration test (expectApiResponse).

export const ADMIN_RESPONSES = {} as const satisfies Record<string, z.ZodType>;
