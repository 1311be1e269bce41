import { defangControlTokens } from './controlTokens';
import { normalizeForDetection } from './detectionText';
import { findRuleMatches, isOwnAddress, S, u } from './injectionRules';
import { EMAIL } from './injectionVocabulary';
import { scoreText } from './injectionModel';
import { FLAG_WORDING, type DetectionContext, type InjectionFinding, type InjectionReason } from './injectionTypes';

/**
 * Flags mail text that may contain instructions meant for an AI assistant rather than for the person reading it.
 * A learned model decides (injectionModel.ts: a logistic regression over hashed character and word n-grams, the
 * attack-class signals of injectionSignals.ts, the phrase rules of injectionRules.ts and the text's structure),
 * on the text as a model would read it (detectionText.ts: confusables, leetspeak, NFKC, defanged role markers,
 * base64). Its threshold was set on ordinary mail it never trained on, for about 1 % of ordinary mail flagged; the
 * recall per attack family it reaches there is in bench/RESULTS.md. A flag informs the user and the policy and
 * says why; it never blocks reading. No flag is not a verdict of safety: the model misses attacks it has not
 * learned to recognise.
 */

export type { DetectionContext, InjectionFinding, InjectionReason, InjectionSeverity } from './injectionTypes';
export { describeFindings, FLAG_WORDING } from './injectionTypes';

// Detection reads at most this much of one text; attacks worth flagging do not hide past 200k characters
// of visible text, and the cost stays linear and small.
const MAX_SCAN_CHARS = 200_000;
const MAX_FINDINGS_PER_REASON = 3;

function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 30);
  const to = Math.min(text.length, Math.max(end, start + 60) + 30);
  const raw = text.slice(from, to).replace(/\s+/g, ' ').trim();
  const cut = raw.length > 120 ? `${raw.slice(0, 119)}…` : raw;
  return `${from > 0 ? '…' : ''}${cut}${to < text.length && !cut.endsWith('…') ? '…' : ''}`;
}

/**
 * Findings for one piece of text (already sanitised). Empty when the model does not flag it; when it does, the
 * model's finding comes first (its message names the strongest reasons), then the phrase rules that matched, at
 * most three a reason, as detail.
 */
export function detectInstructionLikeContent(text: string, ctx: DetectionContext): InjectionFinding[] {
  if (typeof text !== 'string') throw new TypeError('detectInstructionLikeContent: text must be a string');
  const scanned = normalizeForDetection(text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text);
  const verdict = scoreText(scanned, ctx);
  if (!verdict.flagged) return [];
  const why = [...verdict.reasons, ...(verdict.phrases.length ? [`wording such as ${verdict.phrases.map((p) => `"${p}"`).join(', ')}`] : [])];
  const window = scanned.slice(verdict.start, verdict.end).toLowerCase();
  const phraseAt = verdict.phrases.map((p) => window.indexOf(p)).find((at) => at >= 0) ?? 0;
  const findings: InjectionFinding[] = [
    {
      reason: 'instruction-signals',
      message: `${FLAG_WORDING}${verdict.likely ? ' (likely an attack)' : ''}: ${why.join('; ') || 'its wording resembles known attacks'}`,
      excerpt: excerptAround(scanned, verdict.start + phraseAt, verdict.start + phraseAt + 40),
      severity: verdict.likely ? 'high' : 'medium',
      hidden: false,
    },
  ];
  const perReason = new Map<InjectionReason, number>();
  for (const match of findRuleMatches(scanned, ctx, MAX_FINDINGS_PER_REASON)) {
    const count = perReason.get(match.reason) ?? 0;
    if (count >= MAX_FINDINGS_PER_REASON) continue;
    perReason.set(match.reason, count + 1);
    findings.push({ reason: match.reason, message: match.message, excerpt: excerptAround(scanned, match.start, match.end), severity: match.severity, hidden: false });
  }
  // The scan reads defanged role markers as markers again; what it quotes back goes out defanged, like the mail.
  return findings.map((f) => ({ ...f, message: defangControlTokens(f.message).text, ...(f.excerpt !== undefined ? { excerpt: defangControlTokens(f.excerpt).text } : {}) }));
}

// In text a person never saw, an address or link next to an action verb is enough: mail has no honest reason
// to hide a request from its reader.
const HIDDEN_ACTION = u(String.raw`\b(?:send|forward|reply|e-?mail|delete|trash|visit|open|click|include|summari[sz]e|tell|call|fetch|download|execute|run)\b${S}{0,80}?(?:${EMAIL}|https?:\/\/\S+)|(?:${EMAIL}|https?:\/\/\S+)${S}{0,60}?\b(?:send|forward|reply|delete|visit|open|fetch)\b`);

/**
 * A finding's message without the words it quotes: quoted from hidden text, they would hand the model pieces of
 * what was withheld from it (flags go into the tool result).
 */
function withoutQuotedWords(message: string): string {
  return message.replace(/(?:: |; )?wording such as "[\s\S]*$/, '').replace(/:\s*$/, '') || FLAG_WORDING;
}

/**
 * What the detector reads of a sanitised message (mail/visibility's SanitizeResult has these fields); stated here
 * so the guard does not import the mail room that calls it.
 */
export interface SanitizedText {
  readonly text: string;
  readonly hiddenText: string;
}

/**
 * Detection over a sanitiser result: the visible text, and separately the text that was hidden from the
 * reader (hidden elements, tag-character smuggling), whose findings are reported as hidden-instructions.
 */
export function detectInSanitized(result: SanitizedText, ctx: DetectionContext): InjectionFinding[] {
  const findings = detectInstructionLikeContent(result.text, ctx);
  if (result.hiddenText) {
    const hidden = detectInstructionLikeContent(result.hiddenText, ctx);
    for (const finding of hidden.slice(0, MAX_FINDINGS_PER_REASON)) {
      findings.push({ ...finding, reason: 'hidden-instructions', severity: 'high', hidden: true, message: `hidden from the reader: ${withoutQuotedWords(finding.message)}` });
    }
    if (hidden.length === 0) {
      HIDDEN_ACTION.lastIndex = 0;
      const match = HIDDEN_ACTION.exec(result.hiddenText);
      if (match && !isOwnAddress(match[0], ctx)) {
        findings.push({
          reason: 'hidden-instructions',
          severity: 'medium',
          hidden: true,
          message: 'hidden from the reader: an action with an address or link',
          excerpt: excerptAround(result.hiddenText, match.index, match.index + match[0].length),
        });
      }
    }
  }
  return findings;
}

