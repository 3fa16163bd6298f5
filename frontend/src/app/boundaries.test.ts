import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The import zones of frontend/eslint.boundaries.mjs, run by ESLint on small fixtures placed (in
// memory only) inside the real source tree, so their imports resolve against real files.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const srcDir = path.join(repoRoot, 'frontend/src');
const RULE = 'import-x/no-restricted-paths';

interface BoundariesModule {
  spaBoundaries: () => Linter.Config;
  boundaryZones: () => Array<{ target: string | string[] }>;
}

let boundaries: BoundariesModule;
let eslint: ESLint;

beforeAll(async () => {
  const file = pathToFileURL(path.join(repoRoot, 'frontend/eslint.boundaries.mjs')).href;
  boundaries = (await import(/* @vite-ignore */ file)) as BoundariesModule;
  eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
      boundaries.spaBoundaries(),
    ],
  });
});

/** The import sources the boundary rule reports when `code` lives at `file` (relative to src). */
async function reported(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(srcDir, file) });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages
    .filter((m) => m.ruleId === RULE)
    .map((m) => /"([^"]+)"/.exec(m.message)![1]!);
}

const imports = (...sources: string[]) =>
  sources.map((s, i) => `import * as m${i} from '${s}';`).join('\n') + '\nexport {};\n';

describe('SPA import boundaries', () => {
  it('reports a feature importing another feature, by alias or by relative path', async () => {
    const found = await reported(
      'features/jobs/fixture.ts',
      imports('@/features/vms/routes', '../quotas/routes', '../../features/sso/routes'),
    );
    expect(found).toEqual([
      '@/features/vms/routes',
      '../quotas/routes',
      '../../features/sso/routes',
    ]);
  });

  it('lets a feature import itself, shared code, contracts and packages', async () => {
    const found = await reported(
      'features/jobs/components/fixture.tsx',
      imports(
        '../routes',
        '@/features/jobs/routes',
        '@/lib/live-events',
        '@/components/jobs/job-progress',
        '@/testing/fixtures',
        '@multpanel/contracts',
        'react',
      ),
    );
    expect(found).toEqual([]);
  });

  it('reports shared code importing a feature or the app, and a feature importing the app', async () => {
    expect(
      await reported('lib/fixture.ts', imports('@/features/vms/routes', '@/app/provider')),
    ).toEqual(['@/features/vms/routes', '@/app/provider']);
    expect(await reported('components/fixture.tsx', imports('../features/vms/routes'))).toEqual([
      '../features/vms/routes',
    ]);
    expect(await reported('features/vms/fixture.ts', imports('@/app/provider'))).toEqual([
      '@/app/provider',
    ]);
    // Test helpers may render the whole app, but not reach into a feature.
    expect(
      await reported('testing/fixture.ts', imports('@/app/provider', '@/features/vms/routes')),
    ).toEqual(['@/features/vms/routes']);
    // The app composes features.
    expect(await reported('app/fixture.ts', imports('@/features/vms/routes'))).toEqual([]);
  });

  it('fences in every feature folder, and the repository config applies the rule', async () => {
    const features = fs
      .readdirSync(path.join(srcDir, 'features'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `./features/${d.name}`);
    const targets = boundaries.boundaryZones().map((z) => z.target);
    expect(targets).toEqual(expect.arrayContaining(features));

    const config = (await new ESLint({ cwd: repoRoot }).calculateConfigForFile(
      path.join(srcDir, 'features/vms/routes.tsx'),
    )) as Linter.Config;
    const [severity, options] = config.rules![RULE] as [number, { zones: unknown[] }];
    expect(severity).toBe(2);
    expect(options.zones).toHaveLength(boundaries.boundaryZones().length);
  });
});
