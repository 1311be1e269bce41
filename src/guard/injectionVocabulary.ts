/**
 * Words the injection detector's rules (injectionRules.ts), signals (injectionSignals.ts) and features share, kept
 * in one place so a rule and a signal cannot read "an address" or "an AI" two ways.
 */

/** An e-mail address as mail text writes it, letters of any script included (also the look-alike sender check's). */
export const EMAIL = String.raw`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`;

/** An AI system by name or by what it is ("ChatGPT", "Claude 3", "the mail assistant", "automated agent"). */
export const AI_NAME = String.raw`(?:AI|A\.I\.|LLM|(?:large )?language model|chat ?bot|copilot|ChatGPT|GPT(?:-?[\d.]+[a-z]*)?|(?:Claude|Gemini|Llama|Mistral|Qwen|DeepSeek)(?:[\s-]?\d[\w.]*)?|AI (?:assistant|agent|model|system)|(?:e-?mail|mail|inbox|virtual|digital|automated|personal) (?:assistant|agent|bot)|automated system)`;

/** Who an AI agent is, as text addressed to one names it: an AI name or the bare role words. */
export const AGENT_NAME = String.raw`(?:${AI_NAME}|assistant|agent|model)`;
