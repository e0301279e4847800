// The config nginx runs, as one text: a rendered nginx.conf with every `include FILE;` replaced by FILE's
// lines, indented like the include. The entrypoint writes the optional parts as files (empty when an option
// is off), so a check of "what nginx will do" reads this, not nginx.conf alone.
//
//   node tests/stack/lib/nginx-config.mjs RUNTIME_DIR/nginx.conf    prints it
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @param {string} file absolute path of a rendered nginx.conf (or a snippet) */
export function expandedConfig(file, depth = 0) {
  if (depth > 8) throw new Error(`include nested too deep at ${file}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => {
      const m = /^(\s*)include\s+(\/[^\s;]+);\s*$/.exec(line);
      if (!m) return line;
      return expandedConfig(m[2], depth + 1)
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => (l ? m[1] + l : l))
        .join('\n');
    })
    .join('\n');
}

/** The same without comment lines: the directives only. */
export function expandedDirectives(file) {
  return expandedConfig(file)
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(expandedConfig(process.argv[2]));
}
