// The Simplified Chinese strings, one chunk loaded when the language is chosen (src/lib/i18n.ts).
const files = import.meta.glob<Record<string, unknown>>('../locales/zh-CN/*.json', { eager: true, import: 'default' });

export const zhCN: Record<string, unknown> = Object.assign({}, ...Object.values(files));
