import type { IncomingMessage } from 'node:http';
import { PveError } from './errors';

export interface MultipartResult {
  fields: Record<string, string>;
  /**
   * the uploaded file: its form field name, client file name and byte count; the content is kept
   * only for small files (`data`, up to KEEP_FILE bytes: config disks), larger ones are counted
   */
  file?: { field: string; filename: string; size: number; data?: Buffer };
}

const MAX_FIELD = 64 * 1024;
const KEEP_FILE = 1024 * 1024;

/**
 * Streaming multipart/form-data reader for uploads: keeps small fields, counts file bytes without
 * buffering them, so multi-GB ISO uploads do not fill memory.
 */
export function readMultipart(req: IncomingMessage): Promise<MultipartResult> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
  if (!m) return Promise.reject(new PveError(400, 'multipart boundary missing'));
  const delim = Buffer.from(`\r\n--${m[1] ?? m[2]}`);
  return new Promise((resolve, reject) => {
    const out: MultipartResult = { fields: {} };
    // prepend CRLF so the first boundary looks like every other one
    let buf = Buffer.from('\r\n');
    let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
    let part: { name: string; filename?: string; chunks: Buffer[]; size: number } | undefined;
    const finishPart = () => {
      if (!part) return;
      if (part.filename !== undefined)
        out.file = {
          field: part.name,
          filename: part.filename,
          size: part.size,
          ...(part.size <= KEEP_FILE ? { data: Buffer.concat(part.chunks) } : {}),
        };
      else out.fields[part.name] = Buffer.concat(part.chunks).toString('utf8');
      part = undefined;
    };
    const consume = (data: Buffer) => {
      if (part) {
        part.size += data.length;
        if (part.filename === undefined) {
          part.chunks.push(data);
          if (part.size > MAX_FIELD) throw new PveError(413, 'form field too large');
        } else if (part.size <= KEEP_FILE) part.chunks.push(data);
        else part.chunks = [];
      }
    };
    const pump = () => {
      for (;;) {
        if (state === 'done') return;
        if (state === 'headers') {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buf.subarray(0, end).toString('utf8');
          buf = buf.subarray(end + 4);
          const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
          const filename = /filename="([^"]*)"/i.exec(head)?.[1];
          part = { name, filename, chunks: [], size: 0 };
          state = 'body';
          continue;
        }
        const idx = buf.indexOf(delim);
        if (idx < 0) {
          // keep a tail that could hold the start of the delimiter
          const keep = Math.min(buf.length, delim.length + 4);
          if (state === 'body') consume(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
          return;
        }
        if (state === 'body') consume(buf.subarray(0, idx));
        finishPart();
        const after = buf.subarray(idx + delim.length);
        if (after.length < 2) return;
        if (after.subarray(0, 2).toString() === '--') {
          state = 'done';
          return;
        }
        buf = after.subarray(2); // CRLF after the boundary
        state = 'headers';
      }
    };
    req.on('data', (c: Buffer) => {
      try {
        buf = Buffer.concat([buf, c]);
        pump();
      } catch (e) {
        req.destroy();
        reject(e);
      }
    });
    req.on('end', () => {
      if (state !== 'done') reject(new PveError(400, 'incomplete multipart body'));
      else resolve(out);
    });
    req.on('error', reject);
  });
}
