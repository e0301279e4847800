import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, fixture, replay } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';
import { recordDeletes, withoutModalDialogs } from '@/testing/deletes';

const D319 = 'sha256:666e8ad03ecfcfa547fe87bafdcf7d329b04f70fe361ad9158b95c1c50d9edf6';

withoutModalDialogs();

async function openDelete(tag: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: `Delete tag ${tag}` }));
  const dialog = await screen.findByRole('dialog');
  return { user, dialog };
}

describe('deleting a tag', () => {
  it('names every tag that shares the digest before deleting, then deletes by digest', async () => {
    const deletes = recordDeletes();
    const { router } = renderApp('/r/demo/alpine/t/latest', { config: { deleteImages: true } });
    const { user, dialog } = await openDelete('latest');
    expect(await within(dialog).findByText('1 other tag points at the same manifest and will be deleted too:')).toBeInTheDocument();
    const list = within(dialog).getByRole('list', { name: 'Tags that will be deleted' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['3.19', 'latest']);
    expect(within(dialog).getByTestId('delete-digest')).toHaveTextContent(D319);
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 tags' }));
    expect(await within(dialog).findByText('Deleted. These 2 tags are gone: 3.19, latest.')).toBeInTheDocument();
    expect(deletes).toEqual([D319]);
    expect(within(dialog).getByText('Free the disk space: run garbage collection')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/r/demo/alpine'));
  });

  it('refuses to delete a tag whose manifest is a platform of a multi-arch image another tag keeps', async () => {
    const deletes = recordDeletes();
    // demo/multiarch as captured, plus a tag pointing at its linux/amd64 platform manifest
    const platform = fixture('manifest-get-multiarch-amd64');
    const tags = fixture('tags-list-multiarch');
    server.use(
      http.get(`${REGISTRY}/v2/demo/multiarch/tags/list`, () => replay(tags, { body: JSON.stringify({ name: 'demo/multiarch', tags: ['latest', '1.0', 'amd64'] }) })),
      http.head(`${REGISTRY}/v2/demo/multiarch/manifests/amd64`, () => replay({ ...platform, request: { ...platform.request, method: 'HEAD' } })),
      http.get(`${REGISTRY}/v2/demo/multiarch/manifests/amd64`, () => replay(platform)),
    );
    renderApp('/r/demo/multiarch', { config: { deleteImages: true } });
    const { dialog } = await openDelete('amd64');
    expect(await within(dialog).findByText(/amd64 is a platform of the multi-arch image (1\.0|latest), which stays/, undefined, { timeout: 10_000 })).toBeInTheDocument();
    expect(within(dialog).queryByText(/only amd64 will be deleted/)).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(deletes).toEqual([]);
  });

  it('says when no other tag shares the manifest', async () => {
    recordDeletes();
    renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    const { dialog } = await openDelete('3.18');
    expect(await within(dialog).findByText('No other tag points at this manifest; only 3.18 will be deleted.')).toBeInTheDocument();
  });

  it('refuses to delete when the tag moved after the dialog opened', async () => {
    const deletes = recordDeletes();
    renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    const { user, dialog } = await openDelete('3.18');
    await within(dialog).findByText(/only 3.18 will be deleted/);
    // someone pushes 3.18 again: it now answers another digest (the delete re-checks with a verified GET)
    server.use(
      http.head(`${REGISTRY}/v2/demo/alpine/manifests/3.18`, () => replay(fixture('manifest-head-alpine-3.19'))),
      http.get(`${REGISTRY}/v2/demo/alpine/manifests/3.18`, () => replay(fixture('manifest-get-alpine-3.19'))),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByText('The tag 3.18 was pushed again and points at another manifest now. Nothing was deleted.')).toBeInTheDocument();
    expect(deletes).toEqual([]);
  });

  it('explains 405 UNSUPPORTED from a registry with delete disabled', async () => {
    server.use(http.delete(`${REGISTRY}/v2/demo/alpine/manifests/:ref`, () => replay(fixture('delete-manifest-disabled'))));
    renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    const { user, dialog } = await openDelete('3.18');
    await within(dialog).findByText(/only 3.18 will be deleted/);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByText('The registry does not support this operation.')).toBeInTheDocument();
    expect(within(dialog).getByText(/REGISTRY_STORAGE_DELETE_ENABLED=true/)).toBeInTheDocument();
  });

  it('says when the manifest was already deleted', async () => {
    server.use(http.delete(`${REGISTRY}/v2/demo/alpine/manifests/:ref`, () => replay(fixture('delete-manifest-gone'))));
    renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    const { user, dialog } = await openDelete('3.18');
    await within(dialog).findByText(/only 3.18 will be deleted/);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByText('The manifest was already deleted; the list is refreshed.')).toBeInTheDocument();
  });

  it('blocks the delete while any tag could not be checked', async () => {
    const deletes = recordDeletes();
    server.use(http.head(`${REGISTRY}/v2/demo/alpine/manifests/3.19`, () => new HttpResponse(null, { status: 500 })));
    renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    const { dialog } = await openDelete('latest');
    expect(await within(dialog).findByText(/1 tag could not be checked/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: /^Delete/ })).toBeDisabled();
    expect(deletes).toEqual([]);
  });

  it('offers no delete when DELETE_IMAGES is off', async () => {
    renderApp('/r/demo/alpine', { config: { deleteImages: false } });
    await screen.findByRole('row', { name: /^3\.18/ });
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
  });
  it('takes the signature and attestation of the image along, after the image, unless told not to', async () => {
    const deletes = recordDeletes('demo/signed');
    renderApp('/r/demo/signed/t/v1', { config: { deleteImages: true } });
    const { user, dialog } = await openDelete('v1');
    const list = await within(dialog).findByRole('list', { name: 'Signatures, attestations and referrers of what goes' });
    const items = within(list).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^sha256-[0-9a-f]{64}\.att \(attestation of v1\)$/);
    expect(items[1]).toMatch(/^sha256-[0-9a-f]{64}\.sig \(signature of v1\)$/);
    const option = within(dialog).getByRole('checkbox', { name: /Also delete the signatures, attestations and referrers tags of what goes \(2\)/ });
    expect(option).toBeChecked();
    const digest = within(dialog).getByTestId('delete-digest').textContent;
    await user.click(within(dialog).getByRole('button', { name: /^Delete$/ }));
    expect(await within(dialog).findByText(/^These went with it: sha256-[0-9a-f]{64}\.att, sha256-[0-9a-f]{64}\.sig\.$/)).toBeInTheDocument();
    expect(deletes).toHaveLength(3);
    // the image first: its signatures go only once it went
    expect(deletes[0]).toBe(digest);
  });

  it('leaves the signatures when the option is off, and says they will point at nothing', async () => {
    const deletes = recordDeletes('demo/signed');
    renderApp('/r/demo/signed/t/v1', { config: { deleteImages: true } });
    const { user, dialog } = await openDelete('v1');
    const digest = (await within(dialog).findByTestId('delete-digest')).textContent;
    await user.click(await within(dialog).findByRole('checkbox', { name: /Also delete the signatures/ }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(/^Left behind, pointing at nothing \(2\): sha256-[0-9a-f]{64}\.att, sha256-[0-9a-f]{64}\.sig$/);
    await user.click(within(dialog).getByRole('button', { name: /^Delete$/ }));
    expect(await within(dialog).findByText('Deleted. The tag v1 is gone.')).toBeInTheDocument();
    expect(deletes).toEqual([digest]);
  });
});
