import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../errors/app-error';

/** Magic bytes of the binary types we accept: an upload must really be what it says it is. */
const SIGNATURES: Readonly<Record<string, (head: Buffer) => boolean>> = {
  'image/png': (b) =>
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'application/zip': (b) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5),
};

/** Whether the first bytes of a file fit `contentType` (text: no NUL byte, valid UTF-8, no HTML). */
export function contentMatches(contentType: string, head: Buffer): boolean {
  const check = SIGNATURES[contentType];
  if (check) return check(head);
  if (contentType.startsWith('text/')) {
    if (head.includes(0)) return false;
    const text = head.toString('utf8');
    if (text.includes('\ufffd')) return false;
    return !/<\s*(!doctype\s+html|html|script|iframe|svg)\b/i.test(text);
  }
  return false;
}

/** The media type of a Content-Type header, lower-case, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export interface StoredFile {
  size: number;
  sha256: string;
}

export const tooLarge = (max: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `Attachments are limited to ${Math.floor(max / 1048576)} MB`);

/**
 * Uploaded files (ticket attachments, logos), kept on disk under `DATA_DIR/<area>/<owner>/<id>`, never
 * in the database: written to a temporary name, checked (size while streaming, content type from
 * the first bytes), then renamed into place. Modules keep the metadata rows and their access checks.
 */
@Injectable()
export class FileStore {
  private readonly root: string;

  constructor(config: AppConfig) {
    this.root = config.env.DATA_DIR;
  }

  path(area: string, owner: string, id: string): string {
    return join(this.root, area, owner, id);
  }

  async save(
    area: string,
    owner: string,
    id: string,
    body: Readable,
    opts: {
      maxBytes: number;
      contentType: string;
      /** More checks on the first `headBytes` bytes (default 4096); throw to refuse the file. */
      inspect?: (head: Buffer) => void;
      headBytes?: number;
    },
  ): Promise<StoredFile> {
    const dir = join(this.root, area, owner);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.upload-${randomUUID()}`);
    const headBytes = opts.headBytes ?? 4096;
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const out = createWriteStream(tmp, { mode: 0o600 });
    try {
      for await (const chunk of body) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > opts.maxBytes) throw tooLarge(opts.maxBytes);
        if (head.length < headBytes) head = Buffer.concat([head, buf]).subarray(0, headBytes);
        hash.update(buf);
        if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      if (size === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty');
      if (!contentMatches(opts.contentType, head)) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          `The file's content is not ${opts.contentType}`,
        );
      }
      opts.inspect?.(head);
      await rename(tmp, join(dir, id));
      return { size, sha256: hash.digest('hex') };
    } catch (err) {
      out.destroy();
      body.resume(); // drop what the client still sends
      await rm(tmp, { force: true });
      throw err;
    }
  }

  read(area: string, owner: string, id: string): Readable {
    return createReadStream(this.path(area, owner, id));
  }

  rename(area: string, owner: string, from: string, to: string): Promise<void> {
    return rename(this.path(area, owner, from), this.path(area, owner, to));
  }

  remove(area: string, owner: string, id: string): Promise<void> {
    return rm(this.path(area, owner, id), { force: true });
  }

  /** Every file of an owner in an area (a deleted company's attachments). */
  removeOwner(area: string, owner: string): Promise<void> {
    if (!/^[\w-]+$/.test(owner)) throw new Error(`not an owner id: ${owner}`);
    return rm(join(this.root, area, owner), { force: true, recursive: true });
  }
}
