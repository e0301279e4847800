import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act, useState } from 'react';
import { initI18n } from '@/lib/i18n';
import { SupplyChainToggle } from './supply-chain-tags';

beforeAll(() => {
  initI18n('en');
});

describe('SupplyChainToggle', () => {
  it('shows the click at once while the URL that owns the value has not changed yet', async () => {
    const seen: boolean[] = [];
    // the router commits a search-param change in a transition: until then the prop stays false
    render(<SupplyChainToggle count={2} checked={false} onChange={(v) => seen.push(v)} />);
    const box = screen.getByRole('checkbox', { name: /Show 2 signature/ });
    await userEvent.setup().click(box);
    expect(seen).toEqual([true]);
    expect(box).toBeChecked();
  });

  it('follows the value from the URL when it changes elsewhere (back, a deep link)', async () => {
    let setFromUrl: (v: boolean) => void = () => undefined;
    function Host() {
      const [checked, set] = useState(true);
      setFromUrl = set;
      return <SupplyChainToggle count={1} checked={checked} onChange={set} />;
    }
    render(<Host />);
    const box = screen.getByRole('checkbox');
    expect(box).toBeChecked();
    act(() => setFromUrl(false));
    expect(box).not.toBeChecked();
    await userEvent.setup().click(box);
    expect(box).toBeChecked();
  });
});
