import mask from 'json-mask';
import { errors } from './apiErrors';

/**
 * Google's partial-response `fields` parameter (`messages(id,threadId),nextPageToken`, `payload/headers`), applied
 * with json-mask, which implements the same syntax. json-mask lets a repeated top-level name win over the earlier
 * one (`payload/headers,payload(parts)`), where Google unions them, so each top-level selector is applied on its
 * own and the results merged.
 */
export function applyFields(value: unknown, fields: string | null): unknown {
  if (fields === null || fields.trim() === '' || fields.trim() === '*') return value;
  const compact = fields.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9_*,/()]+$/.test(compact)) throw errors.invalidArgument(`Invalid field selection ${fields}`);
  const selectors = topLevelSelectors(compact);
  if (!selectors || selectors.some((s) => s === '' || /^\/|\/$|\/\/|\(\)/.test(s))) throw errors.invalidArgument(`Invalid field selection ${fields}`);
  return selectors.map((s) => mask(value, s) ?? {}).reduce(merge, {});
}

/** Splits at commas outside parentheses; undefined when the parentheses do not balance. */
function topLevelSelectors(fields: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < fields.length; i++) {
    const c = fields[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return undefined;
    else if (c === ',' && depth === 0) {
      out.push(fields.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  out.push(fields.slice(start));
  return out;
}

function merge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return a.length >= b.length ? a.map((x, i) => (i < b.length ? merge(x, b[i]) : x)) : b.map((x, i) => (i < a.length ? merge(a[i], x) : x));
  if (isObject(a) && isObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  return b ?? a;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
