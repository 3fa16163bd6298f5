import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures';
import { perm } from './permission-keys';
import { sessionStore } from './session-store';
import { collectSlots, Slot, SlotsProvider } from './slots';

const Card = (label: string) =>
  function Part({ companyId }: { companyId: string }) {
    return <p>{`${label} of ${companyId}`}</p>;
  };

describe('slots', () => {
  const slots = collectSlots([
    { slots: { 'company.edit': [{ component: Card('late'), order: 20 }] } },
    {},
    {
      slots: {
        'company.edit': [
          { component: Card('early'), order: 10 },
          { component: Card('staff only'), permission: perm.companiesCreate },
        ],
      },
    },
  ]);

  it('renders what features contribute, in order, with the host props and their permissions', () => {
    sessionStore.setSession(sessionFor('company_admin'));
    render(
      <SlotsProvider slots={slots}>
        <Slot name="company.edit" companyId="c-1" />
      </SlotsProvider>,
    );
    expect(screen.getAllByRole('paragraph').map((p) => p.textContent)).toEqual([
      'early of c-1',
      'late of c-1',
    ]);
  });

  it('shows permission-gated parts to those who hold the permission, and nothing without a provider', () => {
    sessionStore.setSession(sessionFor('super_admin'));
    const { unmount } = render(
      <SlotsProvider slots={slots}>
        <Slot name="company.edit" companyId="c-2" />
      </SlotsProvider>,
    );
    expect(screen.getByText('staff only of c-2')).toBeInTheDocument();
    unmount();
    const { container } = render(<Slot name="company.edit" companyId="c-3" />);
    expect(container).toBeEmptyDOMElement();
  });
});
