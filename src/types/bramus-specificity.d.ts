// The package ships types (index.d.ts) that its "exports" map does not point to, so TypeScript's bundler
// resolution cannot find them; this names the one method the cascade uses, as that file declares it.
declare module '@bramus/specificity' {
  export interface SpecificityValue {
    readonly a: number;
    readonly b: number;
    readonly c: number;
  }
  export default class Specificity {
    /** One entry a selector of the (comma-separated) list. */
    static calculate(selector: string): Array<{ readonly value: SpecificityValue }>;
  }
}
