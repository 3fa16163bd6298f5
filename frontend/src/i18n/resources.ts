import { en } from './en';

type Tree = { [key: string]: string | Tree };

/**
 * Features may keep their own labels in `features/<name>/i18n.en.ts` (exporting `en`); they are merged
 * over the shared English resources so a new feature does not have to edit a central file.
 */
const featureResources = import.meta.glob<Tree>('../features/*/i18n.en.ts', {
  eager: true,
  import: 'en',
});

function merge(target: Tree, source: Tree): Tree {
  const out: Tree = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    out[key] =
      typeof value === 'object' && typeof existing === 'object' ? merge(existing, value) : value;
  }
  return out;
}

export const enResources: Tree = Object.values(featureResources).reduce<Tree>(
  (acc, tree) => merge(acc, tree),
  en as unknown as Tree,
);
