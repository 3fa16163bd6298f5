// The SPA's import boundaries (bulletproof-react): app → features → shared code, and no feature
// imports another. Used by the repository's eslint.config.mjs and by src/app/boundaries.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const frontendDir = import.meta.dirname;
export const srcDir = path.join(frontendDir, 'src');

/** Folders every feature may import from. */
export const SHARED_DIRS = ['components', 'config', 'hooks', 'i18n', 'lib', 'testing', 'theme'];

const FEATURE_MESSAGE =
  'A feature imports only shared code (components, config, hooks, i18n, lib, testing, theme). ' +
  'Move what two features need to a shared folder, or let the app compose them (a slot in lib/slots.tsx).';

/** One zone per feature folder found on disk, so a new feature is fenced in without editing this. */
export function boundaryZones(root = srcDir) {
  const features = fs
    .readdirSync(path.join(root, 'features'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return [
    ...features.map((name) => ({
      target: `./features/${name}`,
      from: './features',
      except: [`./${name}`],
      message: FEATURE_MESSAGE,
    })),
    {
      target: './features',
      from: './app',
      message: 'Features never import the app; the app composes features.',
    },
    {
      // testing/ may render the whole app (renderApp), but knows no feature.
      target: SHARED_DIRS.filter((dir) => dir !== 'testing').map((dir) => `./${dir}`),
      from: ['./features', './app'],
      message: 'Shared code never imports a feature or the app.',
    },
    {
      target: './testing',
      from: './features',
      message: 'Shared test helpers never import a feature; keep feature fixtures in the feature.',
    },
  ];
}

/**
 * The flat-config block that enforces the zones on frontend/src, imports resolved like Vite does.
 * `files` is relative to the directory of the config that uses it (the repository root).
 */
export function spaBoundaries(root = srcDir) {
  return {
    files: ['frontend/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Unresolvable imports are silently allowed by the rule, so the resolver must know `@/`.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.json'],
          tsconfig: { configFile: path.join(frontendDir, 'tsconfig.json') },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones(root) }],
    },
  };
}
