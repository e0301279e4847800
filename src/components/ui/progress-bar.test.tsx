import { render, screen } from '@testing-library/react';
import { ProgressBar } from './progress-bar';

describe('ProgressBar', () => {
  it('says how far it is to assistive technology and in words', () => {
    render(<ProgressBar value={625} max={2500} label="625 of 2,500 tags" />);
    const bar = screen.getByRole('progressbar', { name: '625 of 2,500 tags' });
    expect(bar).toHaveAttribute('aria-valuenow', '625');
    expect(bar).toHaveAttribute('aria-valuemax', '2500');
  });

  it('fills by a transform the compositor animates, never by a width that re-lays the page out every frame', () => {
    render(<ProgressBar value={625} max={2500} label="625 of 2,500 tags" />);
    const fill = screen.getByRole('progressbar').firstElementChild as HTMLElement;
    expect(fill.style.transform).toBe('scaleX(0.25)');
    expect(fill.style.width).toBe('');
    expect(fill.className).not.toMatch(/transition-\[width\]|transition-all/);
  });

  it('is empty with nothing to do and full at the end', () => {
    const { rerender } = render(<ProgressBar value={0} max={0} label="nothing" />);
    expect((screen.getByRole('progressbar').firstElementChild as HTMLElement).style.transform).toBe('scaleX(0)');
    rerender(<ProgressBar value={9} max={3} label="done" />);
    expect((screen.getByRole('progressbar').firstElementChild as HTMLElement).style.transform).toBe('scaleX(1)');
  });
});
