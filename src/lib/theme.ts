export type ThemeChoice = 'auto' | 'light' | 'dark';
const STORAGE_KEY = 'registry-ui.theme';

export function storedTheme(fallback: ThemeChoice): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (v === 'auto' || v === 'light' || v === 'dark') return v;
  } catch {
    // storage disabled
  }
  return fallback;
}

/** Applies the theme to <html>; 'auto' follows the system setting. */
export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'auto' && globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches === true);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

export function rememberTheme(choice: ThemeChoice): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, choice);
  } catch {
    // not remembered
  }
  applyTheme(choice);
}
