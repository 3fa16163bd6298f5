/** Keys a phone's on-screen keyboard lacks, sent to the console from the special-keys bar. */
export const SPECIAL_KEYS = [
  'Escape',
  'Tab',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
] as const;
export type SpecialKey = (typeof SPECIAL_KEYS)[number];

export interface Modifiers {
  ctrl: boolean;
  alt: boolean;
}

/** X11 keysyms (what noVNC's RFB.sendKey takes) and the DOM `code` for each key. */
export const KEYSYMS: Record<SpecialKey | 'Control' | 'Alt', { keysym: number; code: string }> = {
  Escape: { keysym: 0xff1b, code: 'Escape' },
  Tab: { keysym: 0xff09, code: 'Tab' },
  ArrowUp: { keysym: 0xff52, code: 'ArrowUp' },
  ArrowDown: { keysym: 0xff54, code: 'ArrowDown' },
  ArrowLeft: { keysym: 0xff51, code: 'ArrowLeft' },
  ArrowRight: { keysym: 0xff53, code: 'ArrowRight' },
  Control: { keysym: 0xffe3, code: 'ControlLeft' },
  Alt: { keysym: 0xffe9, code: 'AltLeft' },
};

const ARROW_LETTER: Partial<Record<SpecialKey, string>> = {
  ArrowUp: 'A',
  ArrowDown: 'B',
  ArrowRight: 'C',
  ArrowLeft: 'D',
};

/**
 * The bytes a terminal (xterm) sends for the key, as a VT100/xterm would: arrows as CSI sequences
 * with the xterm modifier parameter (1 + alt·2 + ctrl·4), Alt as an ESC prefix otherwise.
 */
export function terminalSequence(key: SpecialKey, mods: Modifiers): string {
  const arrow = ARROW_LETTER[key];
  if (arrow) {
    const param = 1 + (mods.alt ? 2 : 0) + (mods.ctrl ? 4 : 0);
    return param === 1 ? `\x1b[${arrow}` : `\x1b[1;${param}${arrow}`;
  }
  const base = key === 'Escape' ? '\x1b' : '\t';
  return mods.alt ? `\x1b${base}` : base;
}

/** Ctrl applied to one typed character (Ctrl+C → ETX), Alt as an ESC prefix; others unchanged. */
export function applyTerminalModifiers(data: string, mods: Modifiers): string {
  let out = data;
  if (mods.ctrl && data.length === 1) {
    const code = data.toUpperCase().charCodeAt(0);
    if (code >= 0x40 && code <= 0x5f) out = String.fromCharCode(code & 0x1f);
    else if (data === ' ') out = '\x00';
  }
  return mods.alt ? `\x1b${out}` : out;
}
