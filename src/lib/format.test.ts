// @vitest-environment node
import { formatBytes, formatDate, formatPercent, formatRelative } from './format';

describe('format', () => {
  it('formats bytes in decimal units per locale', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1_230_200)).toBe('1.23 MB');
    expect(formatBytes(665_110)).toBe('665.1 kB');
    expect(formatBytes(5_000_000_000, 'zh-CN')).toBe('5 GB');
    expect(formatBytes(undefined)).toBe('—');
  });

  it('formats relative times per locale', () => {
    const now = Date.parse('2024-01-10T00:00:00Z');
    expect(formatRelative('2024-01-07T00:00:00Z', 'en', now)).toBe('3 days ago');
    expect(formatRelative('2024-01-07T00:00:00Z', 'zh-CN', now)).toBe('3天前');
    expect(formatRelative('not a date', 'en', now)).toBe('—');
  });

  it('formats dates and shares per locale', () => {
    expect(formatDate('2024-01-07T12:00:00Z', 'en')).toMatch(/Jan 7, 2024/);
    expect(formatDate('2024-01-07T12:00:00Z', 'zh-CN')).toMatch(/2024年1月7日/);
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(0.045, 'zh-CN', { signed: true })).toBe('+4.5%');
    expect(formatPercent(-0.5, 'en', { signed: true })).toBe('-50.0%');
    expect(formatPercent(0, 'en', { signed: true })).toBe('0.0%');
  });
});
