import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphFor } from './bitmap-font';
import type { PixelFormat } from './pixel-format';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** An RGB framebuffer (0xRRGGBB per pixel) that remembers which area changed since the last flush. */
export class Framebuffer {
  readonly pixels: Uint32Array;
  private dirty: Rect | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint32Array(width * height);
  }

  fillRect(x: number, y: number, w: number, h: number, rgb: number): void {
    const r = this.clip({ x, y, w, h });
    if (!r) return;
    for (let row = r.y; row < r.y + r.h; row++) {
      this.pixels.fill(rgb, row * this.width + r.x, row * this.width + r.x + r.w);
    }
    this.markDirty(r);
  }

  /** Draws text with the 5×7 font at `scale`, one pixel column of spacing per glyph. */
  drawText(x: number, y: number, text: string, rgb: number, scale = 2): number {
    let cx = x;
    for (const char of text) {
      const glyph = glyphFor(char);
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (glyph[gy] & (1 << (GLYPH_WIDTH - 1 - gx))) {
            this.fillRect(cx + gx * scale, y + gy * scale, scale, scale, rgb);
          }
        }
      }
      cx += (GLYPH_WIDTH + 1) * scale;
    }
    return cx - x;
  }

  static textWidth(text: string, scale = 2): number {
    return [...text].length * (GLYPH_WIDTH + 1) * scale;
  }

  /** Returns and clears the changed area. */
  takeDirty(): Rect | null {
    const d = this.dirty;
    this.dirty = null;
    return d;
  }

  markDirty(r: Rect): void {
    if (!this.dirty) {
      this.dirty = { ...r };
      return;
    }
    const x1 = Math.min(this.dirty.x, r.x);
    const y1 = Math.min(this.dirty.y, r.y);
    const x2 = Math.max(this.dirty.x + this.dirty.w, r.x + r.w);
    const y2 = Math.max(this.dirty.y + this.dirty.h, r.y + r.h);
    this.dirty = { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
  }

  clip(r: Rect): Rect | null {
    const x = Math.max(0, r.x);
    const y = Math.max(0, r.y);
    const w = Math.min(this.width, r.x + r.w) - x;
    const h = Math.min(this.height, r.y + r.h) - y;
    return w > 0 && h > 0 ? { x, y, w, h } : null;
  }

  /** Raw-encodes a rectangle in the client's pixel format. */
  encode(r: Rect, pf: PixelFormat): Buffer {
    const bytesPerPixel = pf.bitsPerPixel / 8;
    const out = Buffer.alloc(r.w * r.h * bytesPerPixel);
    if (pf.bitsPerPixel === 32 && !pf.bigEndian && out.byteOffset % 4 === 0 && is8bit(pf)) {
      // Fast path for the usual 32 bpp little-endian formats (ours and noVNC's RGBX).
      const dst = new Uint32Array(out.buffer, out.byteOffset, r.w * r.h);
      const native = pf.redShift === 16 && pf.greenShift === 8 && pf.blueShift === 0;
      let o = 0;
      for (let row = r.y; row < r.y + r.h; row++) {
        const start = row * this.width + r.x;
        if (native) {
          dst.set(this.pixels.subarray(start, start + r.w), o);
          o += r.w;
          continue;
        }
        for (let i = start; i < start + r.w; i++) {
          const rgb = this.pixels[i];
          dst[o++] =
            (((rgb >>> 16) & 0xff) << pf.redShift) |
            (((rgb >>> 8) & 0xff) << pf.greenShift) |
            ((rgb & 0xff) << pf.blueShift);
        }
      }
      return out;
    }
    let o = 0;
    for (let row = r.y; row < r.y + r.h; row++) {
      const start = row * this.width + r.x;
      for (let i = start; i < start + r.w; i++) {
        const rgb = this.pixels[i];
        const value =
          ((Math.round((((rgb >>> 16) & 0xff) * pf.redMax) / 255) << pf.redShift) |
            (Math.round((((rgb >>> 8) & 0xff) * pf.greenMax) / 255) << pf.greenShift) |
            (Math.round(((rgb & 0xff) * pf.blueMax) / 255) << pf.blueShift)) >>>
          0;
        writePixel(out, o, value, bytesPerPixel, pf.bigEndian);
        o += bytesPerPixel;
      }
    }
    return out;
  }
}

function is8bit(pf: PixelFormat): boolean {
  return pf.redMax === 255 && pf.greenMax === 255 && pf.blueMax === 255;
}

function writePixel(out: Buffer, o: number, value: number, bytes: number, bigEndian: boolean) {
  if (bytes === 1) out.writeUInt8(value & 0xff, o);
  else if (bytes === 2) {
    if (bigEndian) out.writeUInt16BE(value & 0xffff, o);
    else out.writeUInt16LE(value & 0xffff, o);
  } else if (bigEndian) out.writeUInt32BE(value, o);
  else out.writeUInt32LE(value, o);
}
