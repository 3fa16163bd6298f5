import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { SpecialKeysBar } from './components/special-keys-bar';
import {
  applyTerminalModifiers,
  terminalSequence,
  type Modifiers,
  type SpecialKey,
} from './special-keys';

const none: Modifiers = { ctrl: false, alt: false };

describe('special keys for a terminal', () => {
  it('sends the xterm sequences, with modifiers', () => {
    expect(terminalSequence('Escape', none)).toBe('\x1b');
    expect(terminalSequence('Tab', none)).toBe('\t');
    expect(terminalSequence('ArrowUp', none)).toBe('\x1b[A');
    expect(terminalSequence('ArrowLeft', none)).toBe('\x1b[D');
    expect(terminalSequence('ArrowRight', { ctrl: true, alt: false })).toBe('\x1b[1;5C');
    expect(terminalSequence('ArrowDown', { ctrl: true, alt: true })).toBe('\x1b[1;7B');
    expect(terminalSequence('Tab', { ctrl: false, alt: true })).toBe('\x1b\t');
  });

  it('applies a latched Ctrl/Alt to the next typed character', () => {
    expect(applyTerminalModifiers('c', { ctrl: true, alt: false })).toBe('\x03');
    expect(applyTerminalModifiers('D', { ctrl: true, alt: false })).toBe('\x04');
    expect(applyTerminalModifiers('x', { ctrl: false, alt: true })).toBe('\x1bx');
    expect(applyTerminalModifiers('hello', { ctrl: true, alt: false })).toBe('hello');
    expect(applyTerminalModifiers('a', none)).toBe('a');
  });
});

describe('<SpecialKeysBar>', () => {
  function Harness({
    onKey,
    onCtrlAltDel,
    disabled = false,
  }: {
    onKey: (k: SpecialKey, m: Modifiers) => void;
    onCtrlAltDel?: () => void;
    disabled?: boolean;
  }) {
    const [mods, setMods] = useState<Modifiers>(none);
    return (
      <SpecialKeysBar
        mods={mods}
        disabled={disabled}
        onModsChange={setMods}
        onKey={onKey}
        onCtrlAltDel={onCtrlAltDel}
      />
    );
  }

  it('latches Ctrl for one key, then releases it; offers Ctrl+Alt+Del', async () => {
    const onKey = vi.fn();
    const cad = vi.fn();
    const user = userEvent.setup();
    render(<Harness onKey={onKey} onCtrlAltDel={cad} />);
    const bar = screen.getByRole('toolbar', { name: 'Special keys' });
    expect(
      within(bar)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual([
      'Ctrl (held for the next key)',
      'Alt (held for the next key)',
      'Escape',
      'Tab',
      'Arrow up',
      'Arrow down',
      'Arrow left',
      'Arrow right',
      'Ctrl+Alt+Del',
    ]);
    const ctrl = within(bar).getByRole('button', { name: /^Ctrl \(/ });
    await user.click(ctrl);
    expect(ctrl).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(bar).getByRole('button', { name: 'Arrow left' }));
    expect(onKey).toHaveBeenLastCalledWith('ArrowLeft', { ctrl: true, alt: false });
    expect(ctrl).toHaveAttribute('aria-pressed', 'false');
    await user.click(within(bar).getByRole('button', { name: 'Escape' }));
    expect(onKey).toHaveBeenLastCalledWith('Escape', none);
    await user.click(within(bar).getByRole('button', { name: 'Ctrl+Alt+Del' }));
    expect(cad).toHaveBeenCalledTimes(1);
  });

  it('has no Ctrl+Alt+Del for a shell and sends nothing while disconnected', async () => {
    const onKey = vi.fn();
    render(<Harness onKey={onKey} disabled />);
    expect(screen.queryByRole('button', { name: 'Ctrl+Alt+Del' })).toBeNull();
    for (const b of screen.getAllByRole('button')) expect(b).toBeDisabled();
  });
});
