import { render, screen } from '@testing-library/react';
import { initI18n } from '@/lib/i18n';
import { RegistryError } from '@/registry/errors';
import { RouteErrorBoundary } from './router';

function Throws({ error }: { error: unknown }): never {
  throw error;
}

function renderBoundary(error: unknown) {
  initI18n('en');
  return render(
    <RouteErrorBoundary>
      <p>before</p>
      <Throws error={error} />
    </RouteErrorBoundary>,
  );
}

describe('a page that throws', () => {
  beforeEach(() => {
    // React reports caught render errors on the console; the test asserts on what the user sees instead
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  it('is replaced by a message that says what to do, not a blank page or a stack trace', () => {
    renderBoundary(new TypeError("Cannot read properties of undefined (reading 'layers')"));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('This page ran into a problem.');
    expect(alert).not.toHaveTextContent('Cannot read properties');
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeInTheDocument();
    expect(screen.queryByText('before')).not.toBeInTheDocument();
  });

  it('explains a registry error the way the pages do', () => {
    renderBoundary(new RegistryError({ kind: 'unsupported', status: 405, errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] }));
    expect(screen.queryByText('This page ran into a problem.')).not.toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(/UNSUPPORTED/);
  });
});
