import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { server } from '@/testing/msw/server';
import { REGISTRY, catalogHandler, fixture, replay } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';
import { recordDeletes, withoutModalDialogs } from '@/testing/deletes';

const D319 = 'sha256:666e8ad03ecfcfa547fe87bafdcf7d329b04f70fe361ad9158b95c1c50d9edf6';
const D318 = 'sha256:b3fb1619df8761f03c227a8ae49a6f27b0d8dffb422ead97f00f8e1e8941f5e6';

withoutModalDialogs();

const rowTags = (table: HTMLElement) => within(table).getAllByRole('rowheader').map((c) => c.textContent);

describe('selecting several tags', () => {
  it('lists every digest and every tag that goes, then deletes each digest once', async () => {
    const deletes = recordDeletes();
    renderApp('/r/demo/alpine', { config: { deleteImages: true } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: '3.18' }, { timeout: 5000 }));
    await user.click(screen.getByRole('checkbox', { name: 'latest' }));
    expect(screen.getByRole('region', { name: 'Selected tags' })).toHaveTextContent('2 tags selected');
    await user.click(screen.getByRole('button', { name: 'Delete 2 selected tags…' }));
    const dialog = await screen.findByRole('dialog');
    const manifests = await within(dialog).findByRole('list', { name: 'Manifests that will be deleted' });
    expect(within(manifests).getByRole('list', { name: `Tags deleted with ${D318}` })).toHaveTextContent('3.18');
    const shared = within(manifests).getByRole('list', { name: `Tags deleted with ${D319}` });
    expect(within(shared).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['3.19 not selected: shares this digest', 'latest']);
    expect(within(dialog).getByText('3 tags go. Manifests deleted: 2.')).toBeInTheDocument();
    // both images go: nothing else in the repository uses their blobs
    expect(within(dialog).getByText('Freed by garbage collection')).toBeInTheDocument();
    expect(within(dialog).getByText(/Blobs shared with other repositories are not checked/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 3 tags' }));
    expect(await within(dialog).findByText('Cleanup finished.')).toBeInTheDocument();
    expect(within(dialog).getByText('3 tags deleted')).toBeInTheDocument();
    expect(deletes.sort()).toEqual([D319, D318].sort());
    expect(within(dialog).getByText('Free the disk space: run garbage collection')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Selected tags' })).not.toBeInTheDocument());
  });

  it('takes the signature and attestation of a selected image along, named by what they describe, not as sharing its digest', async () => {
    const deletes = recordDeletes('demo/signed');
    renderApp('/r/demo/signed', { config: { deleteImages: true } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'v1' }, { timeout: 5000 }));
    await user.click(screen.getByRole('button', { name: 'Delete the selected tag…' }));
    const dialog = await screen.findByRole('dialog');
    const manifests = await within(dialog).findByRole('list', { name: 'Manifests that will be deleted' });
    const groups = within(manifests).getAllByRole('list', { name: /^Tags deleted with / });
    expect(groups).toHaveLength(3);
    const described = groups.slice(1).map((g) => within(g).getAllByRole('listitem').map((li) => li.textContent));
    expect(described.flat().sort()).toEqual([expect.stringMatching(/^sha256-[0-9a-f]{64}\.att$/), expect.stringMatching(/^sha256-[0-9a-f]{64}\.sig$/)]);
    expect(manifests).toHaveTextContent('attestation of v1');
    expect(manifests).toHaveTextContent('signature of v1');
    expect(manifests).not.toHaveTextContent('shares this digest');
    expect(within(dialog).getByRole('checkbox', { name: /Also delete the signatures, attestations and referrers tags of what goes \(2\)/ })).toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 3 tags' }));
    expect(await within(dialog).findByText('Cleanup finished.')).toBeInTheDocument();
    expect(deletes).toHaveLength(3);
  });

  it('selects every tag shown by the filter with the header box', async () => {
    renderApp('/r/demo/alpine?q=3.1', { config: { deleteImages: true } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select every tag shown' }));
    expect(screen.getByRole('region', { name: 'Selected tags' })).toHaveTextContent('2 tags selected');
    expect(screen.getByRole('checkbox', { name: '3.18' })).toBeChecked();
  });

  it('offers no selection when DELETE_IMAGES is off', async () => {
    renderApp('/r/demo/alpine', { config: { deleteImages: false } });
    await screen.findByRole('row', { name: /^3\.18/ });
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });
});

describe('cleanup preview', () => {
  it('opens from a deep link and says what goes, what stays and why', async () => {
    renderApp('/r/demo/alpine?cleanup=1&keepNewest=1', { config: { deleteImages: false } });
    const going = await screen.findByRole('table', { name: 'Tags that would be deleted' }, { timeout: 5000 });
    expect(rowTags(going)).toEqual(['3.18']);
    expect(within(going).getByRole('row', { name: /^3\.18/ })).toHaveTextContent('#3 newest: beyond the 1 kept');
    const staying = screen.getByRole('table', { name: 'Tags that stay' });
    expect(rowTags(staying)).toEqual(['latest', '3.19']);
    expect(within(staying).getByRole('row', { name: /^3\.19/ })).toHaveTextContent('same manifest as latest, which stays: deleting it would delete latest');
    expect(screen.getByTestId('cleanup-summary')).toHaveTextContent('1 tag would be deleted, 2 stay. Manifests deleted: 1.');
    expect(screen.getByText('Deleting is off in this UI (DELETE_IMAGES=false): this preview is a dry run only.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });

  it('keeps the rules in the URL as they are edited', async () => {
    const { router } = renderApp('/r/demo/alpine?cleanup=1&keepNewest=1', { config: { deleteImages: false } });
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Tags that would be deleted' }, { timeout: 5000 });
    await user.type(screen.getByRole('textbox', { name: 'Always keep' }), '3.18');
    await waitFor(() => expect(router.state.location.search).toBe('?cleanup=1&keepNewest=1&keep=3.18'));
    expect(await screen.findByText('These rules delete nothing.')).toBeInTheDocument();
    await user.clear(screen.getByRole('spinbutton', { name: 'Keep the newest' }));
    expect(await screen.findByText(/Set "Keep the newest", "Delete only if older than" or "Only tags matching"/)).toBeInTheDocument();
  });

  it('opens with default rules from the tags page, and closes back to it', async () => {
    const { router } = renderApp('/r/demo/alpine?q=3', { config: { deleteImages: false } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Clean up…' }));
    expect(router.state.location.search).toBe('?q=3&cleanup=1&keepNewest=10&keep=latest');
    await screen.findByRole('table', { name: 'Tags that stay' });
    await user.click(screen.getByRole('link', { name: 'Close the preview' }));
    expect(router.state.location.search).toBe('?q=3');
  });

  it('runs the cleanup after a confirmation, with per-tag results and next steps', async () => {
    const deletes = recordDeletes();
    renderApp('/r/demo/alpine?cleanup=1&keepNewest=1', { config: { deleteImages: true } });
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Tags that would be deleted' }, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Delete 1 tag…' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('list', { name: `Tags deleted with ${D318}` })).toHaveTextContent('3.18');
    await user.click(within(dialog).getByRole('button', { name: 'Delete 1 tag' }));
    expect(await within(dialog).findByText('Cleanup finished.')).toBeInTheDocument();
    const results = within(dialog).getByRole('table', { name: 'Result for each tag' });
    expect(within(results).getByRole('row', { name: /^3\.18/ })).toHaveTextContent('deleted');
    expect(deletes).toEqual([D318]);
    expect(within(dialog).getByRole('heading', { name: 'Next steps' })).toBeInTheDocument();
  });

  it('checks every other repository in the background and stops counting blobs they use', async () => {
    server.use(
      catalogHandler(['demo/alpine', 'team/copy']),
      http.get(`${REGISTRY}/v2/team/copy/tags/list`, () => HttpResponse.json({ name: 'team/copy', tags: ['old'] })),
      // one GET by tag (the walker's request) brings digest and manifest: no HEAD, no GET by digest
      http.get(`${REGISTRY}/v2/team/copy/manifests/old`, () => replay(fixture('manifest-get-alpine-3.18'))),
    );
    renderApp('/r/demo/alpine?cleanup=1&keepNewest=1', { config: { deleteImages: false } });
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Tags that would be deleted' }, { timeout: 5000 });
    expect(screen.getByTestId('reclaimable-bytes')).not.toHaveAttribute('data-bytes', '0');
    await user.click(screen.getByRole('button', { name: 'Check every repository' }));
    expect(await screen.findByText('Checked 1 other repository: blobs it uses are not counted.')).toBeInTheDocument();
    // team/copy holds the same image: nothing would be freed
    expect(screen.getByTestId('reclaimable-bytes')).toHaveAttribute('data-bytes', '0');
    expect(screen.getByRole('list', { name: 'Blobs that stay' })).toHaveTextContent('used by team/copy');
  });

  it('lets the registry-wide check be cancelled, leaving the figure as it was', async () => {
    server.use(
      catalogHandler(['demo/alpine', 'team/slow']),
      http.get(`${REGISTRY}/v2/team/slow/tags/list`, async () => {
        await delay('infinite');
        return HttpResponse.json({ name: 'team/slow', tags: [] });
      }),
    );
    renderApp('/r/demo/alpine?cleanup=1&keepNewest=1', { config: { deleteImages: false } });
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Tags that would be deleted' }, { timeout: 5000 });
    const before = screen.getByTestId('reclaimable-bytes').getAttribute('data-bytes');
    await user.click(screen.getByRole('button', { name: 'Check every repository' }));
    expect(await screen.findByRole('progressbar', { name: /Checking other repositories/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel the check' }));
    expect(await screen.findByText('Check cancelled: the figure above does not include it.')).toBeInTheDocument();
    expect(screen.getByTestId('reclaimable-bytes')).toHaveAttribute('data-bytes', before);
  });

  it('explains a refused delete and what is left untouched', async () => {
    server.use(http.delete(`${REGISTRY}/v2/demo/alpine/manifests/:ref`, () => replay(fixture('delete-manifest-disabled'))));
    renderApp('/r/demo/alpine?cleanup=1&keepNewest=1', { config: { deleteImages: true } });
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Tags that would be deleted' }, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Delete 1 tag…' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete 1 tag' }));
    expect(await within(dialog).findByText('Cleanup stopped: the registry refused the deletes. The tags not run are untouched.')).toBeInTheDocument();
    expect(within(dialog).getByText('The registry does not support this operation.')).toBeInTheDocument();
  });
});
