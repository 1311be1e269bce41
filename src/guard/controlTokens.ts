/**
 * Chat-template control tokens and role markers in untrusted text are broken with a visible substitute before
 * any model reads them: a model's tokenizer may read "<|im_start|>system" in a tool result as its own turn
 * boundary, and "### System:" or "[INST]" as the template's role markers. The class, not a list of one vendor's
 * tokens: anything delimited by "<|" and "|>", bracketed role and instruction tags, angle-bracket turn tokens,
 * and role names opening a line after heading marks. The substitutes (‹ › ⟦ ⟧ ⌗ ꞉) look alike to a person and
 * survive NFKC, so no later normalisation rebuilds the token.
 */

const ROLE_WORDS = 'system|assistant|user|human|developer|tool|tools|function|ipython|model|bot|instructions?|response|input|output|context';

const RULES: ReadonlyArray<readonly [RegExp, (match: string, ...groups: string[]) => string]> = [
  // <|im_start|>, <|endoftext|>, <|eot_id|>, <|start_header_id|> … and the halves of any such token.
  [/<\||\|>/g, (m) => (m === '<|' ? '‹|' : '|›')],
  // <<SYS>> and <</SYS>> (Llama 2).
  [/<<(\/?)(sys|system|inst)>>/gi, (_m, slash, name) => `‹‹${slash}${name}››`],
  // [INST] [/INST] [SYSTEM_PROMPT] [TOOL_CALLS] [AVAILABLE_TOOLS] (Llama, Mistral).
  [new RegExp(`\\[(\\/?)(inst|sys|system_prompt|tool_calls|tool_results|available_tools|${ROLE_WORDS})\\]`, 'gi'), (_m, slash, name) => `⟦${slash}${name}⟧`],
  // <s> </s> <bos> <start_of_turn> <end_of_turn> <system> </assistant> <tool_call> … as bare text.
  [
    new RegExp(`<(\\/?)(s|bos|eos|eot|sep|pad|unk|start_of_turn|end_of_turn|start_of_text|end_of_text|begin_of_text|end_of_turn|think|tool_call|tool_response|function_call|${ROLE_WORDS})>`, 'gi'),
    (_m, slash, name) => `‹${slash}${name}›`,
  ],
  // "### System:", "## Assistant:" opening a line (Alpaca-style role headings).
  [new RegExp(`^([ \\t]*)(#{1,6})([ \\t]*(?:${ROLE_WORDS})[ \\t]*:)`, 'gimu'), (_m, indent, hashes, rest) => `${indent}${'⌗'.repeat(hashes.length)}${rest}`],
  // "Human:" / "Assistant:" / "System:" opening a line (completion-style transcripts).
  [/^([ \t]*)(human|assistant|system)[ \t]*:(?=\s)/gimu, (_m, indent, role) => `${indent}${role}꞉`],
];

export interface DefangResult {
  readonly text: string;
  readonly defanged: number;
}

export function defangControlTokens(text: string): DefangResult {
  let defanged = 0;
  let out = text;
  for (const [pattern, replace] of RULES) {
    out = out.replace(pattern, (...args: unknown[]) => {
      defanged += 1;
      return replace(...(args.slice(0, -2) as [string, ...string[]]));
    });
  }
  return { text: out, defanged };
}
