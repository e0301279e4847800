import { render, screen, waitFor } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import userEvent from '@testing-library/user-event';
import { setRuntimeConfigForTests } from '@/config/runtime-config';
import { initI18n } from '@/lib/i18n';
import { openIdbStore } from '@/lib/persist-store';
import { loadTagIndex, saveTagIndex, setPersistStoreForTests } from '@/queries/persist';
import type { Digest } from '@/registry/digest';
import { RegistrySwitcher } from './registry-switcher';

const registries = [
  { id: 'prod', title: 'Production', deleteImages: false },
  { id: 'staging', title: 'Staging', deleteImages: true },
];

afterEach(() => {
  setRuntimeConfigForTests(undefined);
  setPersistStoreForTests(undefined);
});

it('shows the current registry and loads the repository list of the one chosen', async () => {
  setRuntimeConfigForTests({ basePath: '/ui/', registries, registryId: 'staging' });
  const navigate = vi.fn();
  initI18n('en');
  render(
    <RegistrySwitcher navigate={navigate} />,
  );
  const select = screen.getByRole('combobox', { name: 'Registry' });
  expect(select).toHaveValue('staging');
  expect(screen.getByRole('option', { name: 'Production (read-only)' })).toBeInTheDocument();
  expect(screen.getByRole('option', { name: 'Staging' })).toBeInTheDocument();
  await userEvent.selectOptions(select, 'prod');
  expect(navigate).toHaveBeenCalledWith('/ui/x/prod/');
});

it('forgets the tag index of the last visits before loading the other registry', async () => {
  setRuntimeConfigForTests({ basePath: '/ui/', registries, registryId: 'staging' });
  const store = openIdbStore({ indexedDB: new IDBFactory() });
  setPersistStoreForTests(store);
  const digest = `sha256:${'a'.repeat(64)}` as Digest;
  saveTagIndex('demo/alpine', [['latest', { digest, summary: 'row' }]]);
  const manifestKey = 'kept manifest';
  store.put(manifestKey, '{}');
  await store.flush();
  const isString = (s: unknown): s is string => typeof s === 'string';
  expect((await loadTagIndex('demo/alpine', isString))?.get('latest')?.digest).toBe(digest);
  let indexAtSwitch: unknown = 'not read';
  const navigate = vi.fn(() => {
    void loadTagIndex('demo/alpine', isString).then((index) => (indexAtSwitch = index));
  });
  initI18n('en');
  render(
    <RegistrySwitcher navigate={navigate} />,
  );
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Registry' }), 'prod');
  await waitFor(() => expect(navigate).toHaveBeenCalledWith('/ui/x/prod/'));
  await waitFor(() => expect(indexAtSwitch).toBeUndefined());
  // what a digest identifies stays: only the pointers are forgotten
  expect(await store.get(manifestKey)).toBe('{}');
  store.close();
});

it('is not there with one registry', () => {
  setRuntimeConfigForTests({ registries: [] });
  initI18n('en');
  const { container } = render(
    <RegistrySwitcher />,
  );
  expect(container).toBeEmptyDOMElement();
});
