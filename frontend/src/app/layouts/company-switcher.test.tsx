import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { sessionFor } from '@/testing/fixtures';
import { CompanySwitcher } from './company-switcher';

describe('header company', () => {
  it('names the customer company of a company account, with no placeholder menu', () => {
    sessionStore.setSession(sessionFor('company_admin'));
    render(<CompanySwitcher />);
    expect(screen.getByTestId('header-company')).toHaveTextContent('Acme Corp');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByText(/arrives with the tenant views/)).not.toBeInTheDocument();
  });

  it('shows staff nothing rather than a switcher that cannot switch', () => {
    sessionStore.setSession(sessionFor('super_admin'));
    const { container } = render(<CompanySwitcher />);
    expect(container).toBeEmptyDOMElement();
  });
});
