declare module 'json-mask' {
  /** Applies a Google-style partial-response `fields` selector to a JSON value; null when nothing is left. */
  function mask<T>(obj: T, fields: string): Partial<T> | null;
  namespace mask {
    function compile(fields: string): Record<string, unknown>;
    function filter<T>(obj: T, compiled: Record<string, unknown>): Partial<T> | null;
  }
  export = mask;
}
