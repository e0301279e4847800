import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { setRuntimeConfigForTests } from '@/config/runtime-config';
import { initI18n } from '@/lib/i18n';
import { RegistrySwitcher } from './registry-switcher';

const registries = [
  { id: 'prod', title: 'Production', deleteImages: false },
  { id: 'staging', title: 'Staging', deleteImages: true },
];

afterEach(() => setRuntimeConfigForTests(undefined));

it('shows the current registry and loads the repository list of the one chosen', async () => {
  setRuntimeConfigForTests({ basePath: '/ui/', registries, registryId: 'staging' });
  const navigate = vi.fn();
  render(
    <I18nextProvider i18n={initI18n('en')}>
      <RegistrySwitcher navigate={navigate} />
    </I18nextProvider>,
  );
  const select = screen.getByRole('combobox', { name: 'Registry' });
  expect(select).toHaveValue('staging');
  expect(screen.getByRole('option', { name: 'Production (read-only)' })).toBeInTheDocument();
  expect(screen.getByRole('option', { name: 'Staging' })).toBeInTheDocument();
  await userEvent.selectOptions(select, 'prod');
  expect(navigate).toHaveBeenCalledWith('/ui/x/prod/');
});

it('is not there with one registry', () => {
  setRuntimeConfigForTests({ registries: [] });
  const { container } = render(
    <I18nextProvider i18n={initI18n('en')}>
      <RegistrySwitcher />
    </I18nextProvider>,
  );
  expect(container).toBeEmptyDOMElement();
});
