import { screen, within } from '@testing-library/react';
import { renderApp } from '@/testing/render';

describe('language picker', () => {
  it.each(['en', 'zh-CN'] as const)('marks each language name with its own lang (page in %s), so screen readers read it in that language', async (language) => {
    renderApp('/r/demo/alpine', { language });
    const picker = await screen.findByRole('combobox', { name: language === 'en' ? 'Language' : '语言' });
    const options = within(picker).getAllByRole('option');
    expect(options.map((o) => [o.textContent, o.getAttribute('lang')])).toEqual([
      ['English', 'en'],
      ['简体中文', 'zh-CN'],
    ]);
  });
});
