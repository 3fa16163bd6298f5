import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

// instances.yml → `instances:` — this MSP's installations. Unknown keys are refused so a typo shows.
const entry = z
  .object({
    id: z.string().regex(/^[\w.-]{1,64}$/),
    name: z.string().min(1).max(191),
    url: z.url({ protocol: /^https?$/ }),
    environment: z.string().min(1).max(32).default('production'),
    expected_version: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[\w.-]+)?$/)
      .nullable()
      .optional(),
    // For a self-signed certificate (install.sh's default) on a private network.
    insecure_tls: z.boolean().optional(),
  })
  .strict();
export type InstanceEntry = z.infer<typeof entry>;

const file = z.object({ instances: z.array(entry).max(500).default([]) }).loose();

/** The registry from instances.yml; a broken file is an error that names the problem. */
export function readRegistry(path: string): InstanceEntry[] {
  const parsed = file.safeParse(parse(readFileSync(path, 'utf8')) ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`instances.yml: ${i.path.join('.')}: ${i.message}`);
  }
  const ids = new Set<string>();
  for (const e of parsed.data.instances) {
    if (ids.has(e.id)) throw new Error(`instances.yml: instance id "${e.id}" is listed twice`);
    ids.add(e.id);
  }
  return parsed.data.instances;
}
