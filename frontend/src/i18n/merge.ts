export type Tree = { [key: string]: string | Tree };

function merge(target: Tree, source: Tree): Tree {
  const out: Tree = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    out[key] =
      typeof value === 'object' && typeof existing === 'object' ? merge(existing, value) : value;
  }
  return out;
}

/** The shared English resources with every feature's labels merged over them, deeply. */
export const mergeResources = (base: Tree, features: Record<string, Tree>): Tree =>
  Object.values(features).reduce<Tree>((acc, tree) => merge(acc, tree), base);
