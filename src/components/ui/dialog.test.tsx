import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Dialog } from './dialog';

function Opener({ unmount }: { unmount: boolean }) {
  const [open, setOpen] = useState(false);
  const dialog = (
    <Dialog open={open} onClose={() => setOpen(false)} title="Delete it?">
      <button type="button">Details</button>
      <button type="button" data-autofocus onClick={() => setOpen(false)}>Cancel</button>
    </Dialog>
  );
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>Open</button>
      {unmount ? (open ? dialog : null) : dialog}
    </>
  );
}

describe('Dialog', () => {
  for (const unmount of [false, true]) {
    it(`focuses the marked element, and gives focus back to the opener when ${unmount ? 'unmounted' : 'closed'}`, async () => {
      const user = userEvent.setup();
      render(<Opener unmount={unmount} />);
      const opener = screen.getByRole('button', { name: 'Open' });
      await user.click(opener);
      expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
      await user.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByRole('heading', { name: 'Delete it?' })).toBeNull();
      expect(opener).toHaveFocus();
    });
  }
});
