/** A parsed Gmail search query. */
export type QueryNode =
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode }
  | { kind: 'term'; field: string | undefined; value: string; quoted: boolean };

/** Operators the matcher understands; any other `word:value` is plain text, as in Gmail. */
export const KNOWN_OPERATORS = new Set([
  'from', 'to', 'cc', 'bcc', 'subject', 'label', 'is', 'in', 'has', 'filename', 'after', 'before', 'older', 'newer',
  'older_than', 'newer_than', 'larger', 'smaller', 'size', 'deliveredto', 'rfc822msgid', 'category', 'list',
]);
