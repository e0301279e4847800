// @vitest-environment node
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

// Every string a visitor reads comes from the catalogs (locales/<lang>/*.json): text between JSX tags and
// the attributes a browser shows or reads aloud, or that our components render as text (`label`,
// `confirmLabel`, `emptyText`…). Registry data, class names, ids and URLs are not text.
const USER_FACING_ATTRIBUTE = /^(title|alt|placeholder|summary|caption|aria-(label|description|placeholder|roledescription|valuetext))$|(title|label|text|hint|description|message|caption)$/i;

/** Text that is the same in every language: symbols and names. Keep this short; everything else goes to the catalogs. */
const ALLOWED = new Set<string>([]);

/** A letter in any script: `—`, `…`, `×`, `·`, digits and punctuation need no translation. */
const hasLetters = (s: string) => /\p{L}/u.test(s);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'testing' ? [] : sourceFiles(p);
    return name.endsWith('.tsx') && !/\.test\.tsx$/.test(name) ? [p] : [];
  });
}

/** The string literals an attribute's value can evaluate to: `"x"`, `{'x'}`, `{a ? 'x' : 'y'}`, `{`x`}`. */
function literals(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isJsxExpression(node)) return node.expression ? literals(node.expression) : [];
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken].includes(node.operatorToken.kind)) {
    return [...literals(node.left), ...literals(node.right)];
  }
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  return [];
}

/** `file:line: text` for each hard-coded, user-visible string in one .tsx source. */
export function findHardCoded(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, value: string) => {
    const trimmed = value.replace(/\s+/g, ' ').trim();
    if (!hasLetters(trimmed) || ALLOWED.has(trimmed)) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${fileName}:${line + 1}: ${JSON.stringify(trimmed)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      // {'text'} or {cond ? 'a' : 'b'} as a child
      for (const s of literals(node)) report(node, s);
    } else if (ts.isJsxAttribute(node) && node.initializer) {
      if (USER_FACING_ATTRIBUTE.test(node.name.getText(source))) for (const s of literals(node.initializer)) report(node, s);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('user-visible text', () => {
  it('comes from the catalogs in every component, never from a literal', () => {
    const root = join(__dirname, '..');
    const found = sourceFiles(root).flatMap((file) => findHardCoded(relative(root, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('is found between tags, in conditional children and in the attributes people see or hear', () => {
    const sample = [
      'export const A = () => (',
      '  <div title="Delete" aria-label={busy ? "Working" : t("x")} className="flex items-center" data-testid="a">',
      '    Hello {name} — {"world"} {ok ? t("a") : "No"}',
      '    <img alt="" src="x.png" />',
      '    <input placeholder={`Filter`} />',
      '    <Confirm confirmLabel="Go" labelledBy="dialog-title" emptyText={n ? "" : "None"} />',
      '    <>…</>',
      '  </div>',
      ');',
    ].join('\n');
    expect(findHardCoded('sample.tsx', sample).map((l) => l.replace(/^sample\.tsx:\d+: /, ''))).toEqual([
      '"Delete"', '"Working"', '"Hello"', '"world"', '"No"', '"Filter"', '"Go"', '"None"',
    ]);
  });
});
