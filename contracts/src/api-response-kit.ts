import { z } from 'zod';

// Building blocks of the response schemas (api-responses*.ts). Ids are any non-empty string (the
// SPA's fixtures name them "job-1"; the API sends UUIDs); timestamps are ISO 8601 with an offset,
// as the API serialises dates.

export const id = z.string().min(1);
export const at = z.iso.datetime({ offset: true });
export const count = z.number().int().min(0);

/** `{ items, total, page, pageSize }`: every server-paged list. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z
    .object({
      items: z.array(item),
      total: count,
      page: z.number().int().min(1),
      pageSize: z.number().int().min(1),
    })
    .strict();
