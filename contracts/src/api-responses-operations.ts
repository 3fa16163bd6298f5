import type { z } from 'zod';

// Response schemas of backups, DR pairs, snapshot schedules, restore tests, alerts,
// monitoring, notification channels, tickets and branding, merged into API_RESPONSES; see api-responses.ts for the rules
// (typed against the SPA's interface, strict objects, 2xx answers only). Each route here is parsed
// against the real API's answer by some integration test (expectApiResponse).

export const OPERATIONS_RESPONSES = {} as const satisfies Record<string, z.ZodType>;
