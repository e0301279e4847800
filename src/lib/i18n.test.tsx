import { act, render, screen } from '@testing-library/react';
import { Suspense } from 'react';

// Each test starts from a fresh module: the language is page-wide state.
async function freshI18n() {
  vi.resetModules();
  return import('./i18n');
}

async function renderLanguage() {
  const i18n = await freshI18n();
  function Probe() {
    const { t, i18n: current } = i18n.useTranslation();
    return (
      <p lang={current.language}>
        {t('common.language')}: {t('catalog.tagCount', { count: 1, formatted: '1' })}
      </p>
    );
  }
  render(
    <Suspense fallback={<p>waiting</p>}>
      <Probe />
    </Suspense>,
  );
  return i18n;
}

afterEach(() => {
  localStorage.clear();
  vi.doUnmock('./i18n-zh-cn');
});

describe('useTranslation', () => {
  it('starts in English, which is in the first load', async () => {
    await renderLanguage();
    expect(screen.getByText('Language: 1 tag')).toHaveAttribute('lang', 'en');
  });

  it('switches every user to Chinese once its chunk is in, and remembers the choice', async () => {
    const i18n = await renderLanguage();
    act(() => i18n.setLanguage('zh-CN'));
    // the page stays in English while the chunk loads, rather than showing a fallback
    expect(screen.getByText('Language: 1 tag')).toBeInTheDocument();
    expect(await screen.findByText('语言: 1 个标签')).toHaveAttribute('lang', 'zh-CN');
    expect(localStorage.getItem('registry-ui.language')).toBe('zh-CN');
    act(() => i18n.setLanguage('en'));
    expect(screen.getByText('Language: 1 tag')).toHaveAttribute('lang', 'en');
  });

  it('resolves a language change once the page shows it', async () => {
    const i18n = await renderLanguage();
    await act(() => i18n.initI18n('en').changeLanguage('zh-CN'));
    expect(screen.getByText('语言: 1 个标签')).toBeInTheDocument();
  });

  it('keeps the last choice when an earlier one finishes loading after it', async () => {
    const i18n = await renderLanguage();
    const { changeLanguage } = i18n.initI18n('en');
    let chinese!: Promise<void>;
    act(() => {
      chinese = changeLanguage('zh-CN');
      void changeLanguage('en');
    });
    await act(() => chinese);
    expect(screen.getByText('Language: 1 tag')).toHaveAttribute('lang', 'en');
  });

  it('waits for the chunk when the page starts in Chinese, showing no English meanwhile', async () => {
    const i18n = await freshI18n();
    i18n.initI18n('zh-CN');
    function Probe() {
      const { t } = i18n.useTranslation();
      return <p>{t('common.language')}</p>;
    }
    render(
      <Suspense fallback={<p>waiting</p>}>
        <Probe />
      </Suspense>,
    );
    expect(screen.getByText('waiting')).toBeInTheDocument();
    expect(await screen.findByText('语言')).toBeInTheDocument();
    expect(screen.queryByText('Language')).not.toBeInTheDocument();
  });

  it('shows English strings when the Chinese chunk cannot load, and loads it when chosen again', async () => {
    vi.doMock('./i18n-zh-cn', () => {
      throw new Error('offline');
    });
    const i18n = await renderLanguage();
    await act(() => i18n.initI18n('en').changeLanguage('zh-CN'));
    expect(screen.getByText('Language: 1 tag')).toHaveAttribute('lang', 'zh-CN');
    vi.doUnmock('./i18n-zh-cn');
    await act(() => i18n.initI18n('zh-CN').changeLanguage('zh-CN'));
    expect(screen.getByText('语言: 1 个标签')).toBeInTheDocument();
  });
});

describe('detectLanguage', () => {
  it('prefers the remembered choice, then the operator’s default, then the browser’s languages', async () => {
    const { detectLanguage } = await freshI18n();
    expect(detectLanguage('', ['fr-FR', 'zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLanguage('', ['fr-FR', 'en-GB', 'zh'])).toBe('en');
    expect(detectLanguage('', ['fr'])).toBe('en');
    expect(detectLanguage('zh-CN', ['en'])).toBe('zh-CN');
    localStorage.setItem('registry-ui.language', 'en');
    expect(detectLanguage('zh-CN', ['zh'])).toBe('en');
  });
});
