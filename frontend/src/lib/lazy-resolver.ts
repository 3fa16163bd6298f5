import type { FieldValues, Resolver } from 'react-hook-form';

/**
 * A react-hook-form resolver whose code (zod, the schema) is loaded on the first validation, i.e.
 * the first submit: a page whose form is the first thing a visitor sees (sign-in) ships no schema
 * code in its first load. Later validations reuse the loaded resolver.
 */
export function lazyResolver<T extends FieldValues>(load: () => Promise<Resolver<T>>): Resolver<T> {
  let loaded: Promise<Resolver<T>> | null = null;
  return async (values, context, options) => {
    loaded ??= load().catch((err: unknown) => {
      loaded = null;
      throw err;
    });
    return (await loaded)(values, context, options);
  };
}
