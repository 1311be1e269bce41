import { KNOWN_OPERATORS, type QueryNode } from './queryAst';

/*
 * Gmail's query language, hand-parsed: the npm parsers we tried (liqe, search-query-parser) reject Gmail's own
 * forms (`after:2024/01/31`, `subject:(a b)`, `{a b}`) or lack OR and grouping. Like Gmail, this never fails:
 * stray brackets and dangling operators are read as leniently as Gmail reads them.
 * Precedence as in Gmail: OR binds tighter than the implicit AND; `-` negates one item.
 */

type Token =
  | { t: 'open' | 'close' | 'openBrace' | 'closeBrace' | 'or' | 'and' | 'not' }
  | { t: 'term'; field: string | undefined; value: string; quoted: boolean }
  | { t: 'fieldGroup'; field: string };

const MAX_DEPTH = 32;
const MAX_QUERY_LENGTH = 4096;

export function parseQuery(query: string): QueryNode {
  const tokens = tokenize(query.slice(0, MAX_QUERY_LENGTH));
  let pos = 0;

  const parseSequence = (closer: 'close' | 'closeBrace' | undefined, field: string | undefined, depth: number): QueryNode[] => {
    const items: QueryNode[] = [];
    while (pos < tokens.length) {
      const tok = tokens[pos];
      if (tok.t === closer) {
        pos++;
        return items;
      }
      if (tok.t === 'close' || tok.t === 'closeBrace' || tok.t === 'and' || tok.t === 'or') {
        pos++; // a stray bracket or a dangling AND/OR carries no meaning
        continue;
      }
      const item = parseOrChain(field, depth);
      if (item) items.push(item);
    }
    return items;
  };

  const parseOrChain = (field: string | undefined, depth: number): QueryNode | undefined => {
    const first = parseUnary(field, depth);
    const alternatives = first ? [first] : [];
    while (tokens[pos]?.t === 'or') {
      pos++;
      const next = parseUnary(field, depth);
      if (next) alternatives.push(next);
    }
    return alternatives.length > 1 ? { kind: 'or', items: alternatives } : alternatives[0];
  };

  const parseUnary = (field: string | undefined, depth: number): QueryNode | undefined => {
    const tok = tokens[pos];
    if (!tok) return undefined;
    if (tok.t === 'not') {
      pos++;
      const item = parseUnary(field, depth);
      return item ? { kind: 'not', item } : undefined;
    }
    return parsePrimary(field, depth);
  };

  const parsePrimary = (field: string | undefined, depth: number): QueryNode | undefined => {
    const tok = tokens[pos];
    if (!tok || tok.t === 'close' || tok.t === 'closeBrace' || tok.t === 'or' || tok.t === 'and') return undefined;
    pos++;
    if (tok.t === 'term') return { kind: 'term', field: tok.field ?? field, value: tok.value, quoted: tok.quoted };
    let groupField = field;
    let opener: Token | undefined = tok;
    if (tok.t === 'fieldGroup') {
      groupField = tok.field;
      opener = tokens[pos++];
    }
    if (opener?.t === 'open' || opener?.t === 'openBrace') {
      if (depth >= MAX_DEPTH) {
        pos = tokens.length;
        return undefined;
      }
      const items = parseSequence(opener.t === 'open' ? 'close' : 'closeBrace', groupField, depth + 1);
      if (items.length === 0) return undefined;
      if (opener.t === 'openBrace') return items.length === 1 ? items[0] : { kind: 'or', items };
      return items.length === 1 ? items[0] : { kind: 'and', items };
    }
    return undefined;
  };

  const items = parseSequence(undefined, undefined, 0);
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

const SEPARATORS = new Set(['(', ')', '{', '}', '"']);

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (): string => {
    const end = query.indexOf('"', i + 1);
    const value = end < 0 ? query.slice(i + 1) : query.slice(i + 1, end);
    i = end < 0 ? query.length : end + 1;
    return value;
  };
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '{' || c === '}') {
      tokens.push({ t: c === '(' ? 'open' : c === ')' ? 'close' : c === '{' ? 'openBrace' : 'closeBrace' });
      i++;
    } else if (c === '"') {
      tokens.push({ t: 'term', field: undefined, value: readQuoted(), quoted: true });
    } else if (c === '-' && i + 1 < query.length && !/\s/.test(query[i + 1]) && (tokens.length === 0 || isBoundary(query[i - 1]))) {
      tokens.push({ t: 'not' });
      i++;
    } else {
      let j = i;
      while (j < query.length && !/\s/.test(query[j]) && !SEPARATORS.has(query[j])) j++;
      const word = query.slice(i, j);
      i = j;
      if (word === 'OR' || word === '|') {
        tokens.push({ t: 'or' });
        continue;
      }
      if (word === 'AND') {
        tokens.push({ t: 'and' });
        continue;
      }
      const colon = word.indexOf(':');
      const field = colon > 0 ? word.slice(0, colon).toLowerCase() : undefined;
      if (field !== undefined && KNOWN_OPERATORS.has(field)) {
        const rest = word.slice(colon + 1);
        if (rest === '' && query[i] === '"') {
          tokens.push({ t: 'term', field, value: readQuoted(), quoted: true });
        } else if (rest === '' && (query[i] === '(' || query[i] === '{')) {
          tokens.push({ t: 'fieldGroup', field });
        } else if (rest !== '') {
          tokens.push({ t: 'term', field, value: rest, quoted: false });
        }
        // `from:` with nothing after it matches everything in Gmail: it adds no condition.
      } else {
        tokens.push({ t: 'term', field: undefined, value: word, quoted: false });
      }
    }
  }
  return tokens;
}

function isBoundary(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c) || c === '(' || c === '{';
}
