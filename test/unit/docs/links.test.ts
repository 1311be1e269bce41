import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

const ROOT = path.join(__dirname, '../../..');

/** The docs people read: the repo's top-level pages, docs/ and bench/. */
const DOCS = [
  ...readdirSync(ROOT).filter((f) => f.endsWith('.md')),
  ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ...readdirSync(path.join(ROOT, 'bench')).filter((f) => f.endsWith('.md')).map((f) => `bench/${f}`),
];

/**
 * Pages that name the code as it is now. bench/RESULTS.md records earlier runs in the words of their day, and the
 * changelog what a release was, so the paths they name may have moved since.
 */
const NAMES_CURRENT_CODE = DOCS.filter((f) => f !== 'bench/RESULTS.md' && f !== 'CHANGELOG.md');

/** A path into the repo as the docs write it in code spans: a top-level folder, then a file or folder, no wildcards. */
const REPO_PATH = /^(?:src|test|bench|scripts|docs|media)\/[\w.@/-]+$/;

const markdown = new MarkdownIt({ html: true });

function tokensOf(file: string): Token[] {
  const flat: Token[] = [];
  const visit = (tokens: readonly Token[]) => {
    for (const t of tokens) {
      flat.push(t);
      if (t.children) visit(t.children);
    }
  };
  visit(markdown.parse(readFileSync(path.join(ROOT, file), 'utf8'), {}));
  return flat;
}

/** Where a page's links and images point, relative links only (no scheme, not a bare #anchor). */
function relativeTargets(file: string): string[] {
  const targets: string[] = [];
  for (const t of tokensOf(file)) {
    if (t.type === 'link_open') targets.push(t.attrGet('href') ?? '');
    if (t.type === 'image') targets.push(t.attrGet('src') ?? '');
    if (t.type === 'html_inline' || t.type === 'html_block') {
      for (const m of t.content.matchAll(/\b(?:src|href)="([^"]+)"/g)) targets.push(m[1]);
    }
  }
  return targets.filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'));
}

function missing(file: string, target: string): boolean {
  const bare = decodeURIComponent(target.split('#')[0]);
  return !existsSync(path.resolve(path.dirname(path.join(ROOT, file)), bare));
}

describe('docs: what the pages point to exists', () => {
  it('finds the pages (README, CONTRIBUTING, docs/, bench/RESULTS.md)', () => {
    for (const page of ['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/testing.md', 'bench/RESULTS.md']) {
      assert.ok(DOCS.includes(page), `${page} is among ${DOCS.join(', ')}`);
    }
  });

  it('every relative link and image resolves to a file in the repo', () => {
    const broken = DOCS.flatMap((file) => relativeTargets(file).filter((t) => missing(file, t)).map((t) => `${file}: ${t}`));
    assert.deepEqual(broken, []);
  });

  it('every repo path named in a code span exists (pages that describe the current code)', () => {
    const broken = NAMES_CURRENT_CODE.flatMap((file) =>
      tokensOf(file)
        .filter((t) => t.type === 'code_inline' && REPO_PATH.test(t.content))
        .filter((t) => !existsSync(path.join(ROOT, t.content)))
        .map((t) => `${file}: ${t.content}`),
    );
    assert.deepEqual(broken, []);
  });

  it('the checks can fail: a link to a file that is not there is found', () => {
    assert.equal(missing('README.md', 'docs/no-such-page.md'), true);
    assert.equal(missing('docs/testing.md', '../bench/RESULTS.md#top'), false);
  });

  it('the README, the Marketplace page, stays under 250 lines', () => {
    const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length;
    assert.ok(lines < 250, `README.md has ${lines} lines`);
  });
});
