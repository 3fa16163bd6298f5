import { Framebuffer } from './framebuffer';
import type { ConsoleGuest } from './console.types';

export const SCREEN_WIDTH = 800;
export const SCREEN_HEIGHT = 600;

const BG = 0x10243c;
const BAR = 0x1f4e79;
const WHITE = 0xffffff;
const GREY = 0xa9b7c6;
const GREEN = 0x4caf50;
const RED = 0xef5350;
const AMBER = 0xffc107;

/** What the built-in RFB server shows: the guest's identity and state, plus the last input seen. */
export class GuestScreen {
  readonly fb = new Framebuffer(SCREEN_WIDTH, SCREEN_HEIGHT);
  private readonly startedAt = Date.now();

  constructor(private readonly guest: ConsoleGuest) {
    this.paintAll();
  }

  paintAll(): void {
    const fb = this.fb;
    const g = this.guest;
    fb.fillRect(0, 0, fb.width, fb.height, BG);
    fb.fillRect(0, 0, fb.width, 40, BAR);
    fb.drawText(16, 12, 'Multpanel PVE simulator - virtual console', WHITE, 2);
    const title = g.name || (g.kind === 'node' ? g.node : `${g.kind} ${g.vmid}`);
    const scale = Framebuffer.textWidth(title, 5) <= fb.width - 64 ? 5 : 3;
    fb.drawText(32, 110, title.slice(0, 60), WHITE, scale);
    const what =
      g.kind === 'node' ? `Node ${g.node}` : `${g.kind.toUpperCase()} ${g.vmid} on node ${g.node}`;
    fb.drawText(32, 190, what, GREY, 3);
    const color = g.status === 'running' ? GREEN : g.status === 'stopped' ? RED : AMBER;
    fb.drawText(32, 240, 'State:', GREY, 3);
    fb.drawText(32 + Framebuffer.textWidth('State: ', 3), 240, g.status, color, 3);
    fb.fillRect(32, 300, fb.width - 64, 2, GREY);
    this.setLine(0, 'Keyboard, mouse and clipboard work.', GREY);
    this.tick();
    fb.fillRect(0, fb.height - 32, fb.width, 32, BAR);
    fb.drawText(16, fb.height - 24, 'Built-in RFB server (no QEMU on this host)', WHITE, 2);
  }

  /** Four status lines below the separator; each call repaints only its own line. */
  setLine(index: number, text: string, rgb = GREY): void {
    const y = 320 + index * 36;
    const maxChars = Math.floor((this.fb.width - 64) / Framebuffer.textWidth(' ', 3));
    this.fb.fillRect(0, y, this.fb.width, 28, BG);
    this.fb.drawText(32, y + 4, [...text].slice(0, maxChars).join(''), rgb, 3);
  }

  /** Repaints the uptime line; called every second while a viewer is attached. */
  tick(): void {
    const s = Math.floor((Date.now() - this.startedAt) / 1000);
    const clock = new Date().toISOString().slice(11, 19);
    this.setLine(3, `Console uptime ${s}s - ${clock} UTC`, GREY);
  }

  showKey(keysym: number, down: boolean): void {
    this.setLine(1, `Key 0x${keysym.toString(16)} ${down ? 'down' : 'up'}`, WHITE);
  }

  showPointer(x: number, y: number, buttons: number): void {
    this.setLine(2, `Pointer ${x},${y} buttons ${buttons}`, WHITE);
  }

  showMessage(text: string, rgb = AMBER): void {
    this.setLine(0, text, rgb);
  }
}
