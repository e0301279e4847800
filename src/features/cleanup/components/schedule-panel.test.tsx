import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '@/testing/render';

describe('Run this on a schedule', () => {
  it('shows the command, a container line and a CronJob for exactly the rules on screen', async () => {
    renderApp('/r/demo/alpine?cleanup=1&keepNewest=1&keep=latest', { config: { deleteImages: false } });
    await screen.findByRole('table', { name: 'Tags that stay' }, { timeout: 5000 });
    const user = userEvent.setup();
    await user.click(screen.getByText('Run this on a schedule'));
    const dry = screen.getByLabelText(/^Dry run from a clone/);
    expect(dry.textContent).toMatch(/^npx registry-ui-cleanup --registry http:\/\/\S+ --repo demo\/alpine --rules 'keepNewest=1&keep=latest' --max-deletes 100$/);
    expect(screen.getByLabelText('Delete, from a clone').textContent).toContain("--rules 'keepNewest=1&keep=latest' --apply --max-deletes 100");
    expect(screen.getByLabelText(/^Docker or Podman/).textContent).toMatch(/^docker run --rm -e REGISTRY_USERNAME -e REGISTRY_PASSWORD registry-ui-cleanup:latest --registry /);
    const cron = screen.getByLabelText(/^Kubernetes CronJob/).textContent ?? '';
    expect(cron).toContain('kind: CronJob');
    expect(cron).toContain('- "keepNewest=1&keep=latest"');
    expect(cron).toContain('readOnlyRootFilesystem: true');
    expect(within(screen.getByText('Run this on a schedule').closest('details')!).getAllByRole('button', { name: /^Copy: / })).toHaveLength(4);

    // the text follows the rules as they are edited
    await user.type(screen.getByRole('textbox', { name: 'Always keep' }), ',stable');
    expect(await screen.findByText(/--rules 'keepNewest=1&keep=latest%2Cstable' --max-deletes 100$/)).toBeInTheDocument();
  });
});
