import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

  it('switches the whole page and its <html lang>, and back', async () => {
    renderApp('/', { language: 'en' });
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Language' }), 'zh-CN');
    expect(await screen.findByRole('heading', { name: '仓库' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '语言' })).toHaveValue('zh-CN');
    expect(document.documentElement).toHaveAttribute('lang', 'zh-CN');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '语言' }), 'en');
    expect(await screen.findByRole('heading', { name: 'Repositories' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('lang', 'en');
  });
});
