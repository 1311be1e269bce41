import type { DetectionContext, InjectionReason, InjectionSeverity } from './injectionTypes';
import { AI_NAME, EMAIL } from './injectionVocabulary';

/**
 * The named phrase rules: each names one technique seen in published prompt-injection attacks on mail assistants.
 * They no longer decide alone whether a mail is flagged: each rule that matches is one feature of the learned
 * model (injectionModel.ts), which weighs them with everything else it reads, and a flagged mail lists the rules
 * that matched as its detail. They run on the detector's normalised text (detectionText.ts).
 */

export const S = '[^.!?\\n]'; // within one sentence
const MAIL_BULK = String.raw`(?:e-?mails?|messages?|mails?|inbox(?:es)?|mailbox(?:es)?|correspondence|conversations?|threads?|contacts?|address book|attachments?|drafts|sent (?:items|folder|mail))`;
// Documents by themselves are ordinary to send ("forward your receipts to expenses@…"); these are not.
const SENSITIVE_DOCS = String.raw`(?:(?:all|every)\s+(?:the\s+)?(?:[\p{L}-]+\s+)?(?:documents|files|invoices|statements|records|receipts|reports)|(?:financial|tax|payroll|bank(?:ing)?|medical|legal|passport|identity|ID|HR|personnel|confidential|private|internal|salary)\s+(?:[\p{L}-]+\s+)?(?:documents?|files?|records|statements?|scans?|data|information|details))`;
const DESTINATION = String.raw`(?:to|at|into|onto|via)\s*<?(?:${EMAIL}|https?:\/\/|(?:me|us)\b)`;
const QUANTIFIER = String.raw`(?:all|every|each|any|the (?:last|latest|past|recent|entire|whole|full)(?: \d+)?|your (?:entire |whole |full )?|(?:the )?(?:user'?s|owner'?s|account'?s|recipient'?s)|(?:the )?(?:contents?|copies|a copy) of (?:all|every|the|your|this))`;
// "e-mail" is left out: as a noun it starts every disclaimer ("This e-mail and any attachments…").
const SEND = String.raw`(?:send|forward|fwd|share|export|upload|post|transfer|copy|leak|exfiltrate|bcc|cc|dump|relay|submit|paste)`;
const SECRET = String.raw`(?:passwords?|passcodes?|credentials|api[\s_-]?keys?|access[\s_-]?tokens?|refresh[\s_-]?tokens?|oauth tokens?|secret keys?|private keys?|2fa codes?|mfa codes?|otp codes?|one[\s-]time (?:pass)?codes?|verification codes?|security codes?|recovery codes?|backup codes?|login (?:details|credentials)|ssh keys?|seed phrase|session cookies?)`;
const NEGATION_BEFORE = /\b(?:never|not|don't|do not|won't|will not|cannot|can't|nobody|no one|shouldn't|should not|isn't|aren't|n't)\b[^.!?\n]{0,40}$/i;

interface Rule {
  reason: InjectionReason;
  severity: InjectionSeverity;
  message: string;
  pattern: RegExp;
  /** Drop a match when the words just before it negate it ("never share your password"). */
  unlessNegated?: boolean;
  /** Extra check on the match and the whole sentence around it. */
  accept?: (match: RegExpExecArray, sentence: string, ctx: DetectionContext) => boolean;
}

export const u = (source: string, flags = 'giu'): RegExp => new RegExp(source, flags);

const RULES: Rule[] = [
  // Overrides, English.
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'asks to ignore or replace previous instructions',
    pattern: u(String.raw`\b(?:ignore|disregard|forget|override|bypass|discard|abandon|drop)\s+(?:(?:all|any|the|of|your|these|those|every)\s+){0,3}(?:(?:previous|prior|preceding|above|earlier|former|original|initial|existing|system|safety|current|other|old)\s+){1,2}(?:instructions?|prompts?|directives?|directions|guidelines|guardrails|rules|constraints|restrictions|programming|commands|context|messages)\b`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'asks to ignore or replace previous instructions',
    pattern: u(String.raw`\b(?:ignore|disregard|forget)\s+(?:all\s+)?(?:of\s+)?(?:your\s+(?:instructions|rules|guidelines|programming|training)|everything\s+(?:above|before this|you(?:'ve| have)? (?:been|were) told)|all\s+(?:instructions|rules|guidelines))\b`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'announces new instructions for an AI',
    pattern: u(String.raw`\b(?:new|updated|revised|real|actual|additional|important|secret|hidden|priority)\s+(?:system\s+)?(?:instructions?|directives?|orders|task)\s+(?:for|to)\s+(?:you|the\s+)?\s*${AI_NAME}`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'tries to change the assistant’s role',
    pattern: u(String.raw`\byou(?:'re| are) now\s+(?:(?:an?|the|in|my|operating in)\s+)?(?:[\p{L}-]+\s+){0,2}(?:AI|assistant|agent|bot|DAN|unrestricted|jailbroken|unfiltered|(?:developer|admin(?:istrator)?|god|debug|maintenance|unrestricted) mode)\b`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'asks the assistant to reveal its instructions',
    pattern: u(String.raw`\b(?:reveal|print|show|output|repeat|leak|display|tell me|give me|send me)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|complete\s+|original\s+)?(?:system\s+prompt|initial\s+instructions|hidden\s+instructions|instructions\s+above|system\s+message)\b`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'a jailbreak phrase',
    pattern: u(String.raw`\b(?:do anything now|(?:enable|enter|activate|switch (?:to|into))\s+(?:DAN|jailbreak|god|unrestricted|unfiltered)\s+mode|(?:act|behave|respond|operate)\s+as\s+(?:an?\s+)?(?:unrestricted|unfiltered|jailbroken|uncensored)\b)`),
  },
  // Overrides, other languages: German, French, Spanish, Italian, Portuguese, Dutch.
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'asks to ignore previous instructions (German)',
    pattern: u(String.raw`\b(?:ignorier(?:e|en|t)?|vergiss|vergessen\s+sie|missachte|übergehe)\s+(?:bitte\s+)?(?:(?:alle|sämtliche|die|deine|ihre|jegliche)\s+){0,2}(?:(?:vorherigen|bisherigen|vorigen|obigen|früheren|vorangegangenen|ursprünglichen|bestehenden)\s+)?(?:Anweisungen|Instruktionen|Befehle|Regeln|Vorgaben|Anordnungen)\b`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'tries to change the assistant’s role (German)',
    pattern: u(String.raw`\b(?:du bist|sie sind) (?:jetzt|nun|ab sofort)\s+(?:ein(?:e|en)?\s+)?(?:[\p{L}-]+\s+)?(?:KI|Assistent(?:in)?|Agent|Bot|Modell)\b|\bneue Anweisungen (?:für|an) (?:dich|die KI|den Assistenten)`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'asks to ignore previous instructions (French)',
    pattern: u(String.raw`\b(?:ignore[rz]?|oublie[rz]?|néglige[rz]?|ne tiens pas compte des)\s+(?:(?:toutes|tous|les|tes|vos|des)\s+){0,2}(?:instructions|consignes|directives|règles|ordres)(?:\s+(?:précédentes|antérieures|ci-dessus|d'origine|initiales))?\b`),
    accept: (match) => /toutes|tous|précédentes|antérieures|ci-dessus|d'origine|initiales/i.test(match[0]),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'tries to change the assistant’s role (French)',
    pattern: u(String.raw`\b(?:tu es|vous êtes) (?:maintenant|désormais)\s+(?:un|une)\s+(?:[\p{L}-]+\s+)?(?:IA|assistant|assistante|agent|bot|modèle)\b|\bnouvelles (?:instructions|consignes) pour (?:toi|vous|l'IA|l'assistant)`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'asks to ignore previous instructions (Spanish)',
    pattern: u(String.raw`\b(?:ignora(?:r)?|olvida(?:r)?|descarta(?:r)?|omite|ignore)\s+(?:(?:todas|las|tus|sus)\s+){0,2}(?:instrucciones|indicaciones|órdenes|reglas|directrices)(?:\s+(?:anteriores|previas|de arriba|originales|iniciales))?\b`),
    accept: (match) => /todas|anteriores|previas|de arriba|originales|iniciales/i.test(match[0]),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'tries to change the assistant’s role (Spanish)',
    pattern: u(String.raw`\b(?:ahora eres|ahora usted es|a partir de ahora eres)\s+(?:un|una)\s+(?:[\p{L}-]+\s+)?(?:IA|asistente|agente|bot|modelo)\b|\bnuevas instrucciones para (?:ti|la IA|el asistente)`),
  },
  {
    reason: 'override-phrase',
    severity: 'high',
    message: 'asks to ignore previous instructions (Italian, Portuguese or Dutch)',
    pattern: u(String.raw`\b(?:ignora|dimentica)\s+(?:tutte\s+)?le\s+istruzioni\s+(?:precedenti|sopra)\b|\b(?:ignore|ignora|esqueça)\s+(?:todas\s+)?as\s+instruções\s+(?:anteriores|acima)\b|\b(?:negeer|vergeet)\s+(?:alle\s+)?(?:vorige|eerdere|voorgaande|bovenstaande)\s+instructies\b`),
  },
  // Fake conversation structure.
  {
    reason: 'role-tag',
    severity: 'high',
    message: 'contains a chat-template or role marker',
    // The sanitiser has defanged these (src/guard/controlTokens.ts): match its substitutes as well.
    pattern: /[<‹]\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\|[>›]|[[⟦]\/?INST[\]⟧]|(?:<<|‹‹)\/?SYS(?:>>|››)/giu,
  },
  {
    reason: 'role-tag',
    severity: 'high',
    message: 'contains a fake system, assistant or tool tag',
    pattern: /[<‹]\/?\s*(?:system|assistant|system[_-]?(?:prompt|message|instructions?)|tool[_-]?(?:call|calls|result|results|response|use|output)|function[_-]?(?:call|calls|result|results|response)|instructions?|admin|developer[_-]?(?:message|instructions?)?|im_start|im_end|antml:[a-z_]+)\s*(?:\s[^<>\n]{0,60})?[>›]/giu,
  },
  {
    reason: 'role-tag',
    severity: 'medium',
    message: 'contains a fake role heading',
    pattern: /^\s*(?:[#⌗]{1,4}\s*(?:system|instructions?|assistant|developer|admin)(?:\s+(?:prompt|message|note|override))?\s*[:꞉]|[[⟦](?:system|assistant|developer|admin)(?:\s+(?:message|note|prompt|override))?[\]⟧]\s*:?|(?:system|developer|admin)\s+(?:prompt|message|override|instructions?)\s*:)/gimu,
  },
  {
    reason: 'tool-call-syntax',
    severity: 'high',
    message: 'contains text shaped like a tool call',
    pattern: /"(?:tool|tool_name|name|function|action|recipient_name)"\s*:\s*"[^"\n]{1,80}"\s*,\s*"(?:arguments|parameters|args|input|tool_input|action_input)"\s*:|"(?:tool_calls|function_call|tool_use)"\s*:\s*[[{]/giu,
  },
  {
    reason: 'tool-call-syntax',
    severity: 'medium',
    message: 'asks for a tool or function to be called',
    pattern: u(String.raw`\b(?:call|use|invoke|run|execute|trigger)\s+(?:the\s+)?\x60?[a-z]+(?:_[a-z]+)+\x60?\s+(?:tool|function|command)\b`),
  },
  // Talking to the AI.
  {
    reason: 'addressed-to-ai',
    severity: 'high',
    message: 'addresses an AI reading the mail',
    pattern: u(String.raw`\bif you(?:'re| are) (?:an?\s+)?(?:${AI_NAME}|artificial intelligence|assistant reading this|agent reading this)\b|\b(?:dear|attention|hey|hello|hi|note to|message (?:for|to)|instructions? (?:for|to))\s*,?\s*(?:the\s+|my\s+|our\s+)?${AI_NAME}\b(?!\s+(?:team|support|desk|department|group|squad|program(?:me)?|project|roadmap|launch|release|training|course|webinar|workshop|newsletter))|\b(?:${AI_NAME}|assistants?|agents?|models?)\s+(?:reading|processing|summari[sz]ing|parsing|handling|analy[sz]ing|triaging|scanning)\s+(?:this|these)\s+(?:e-?mails?|messages?|mail|text|inbox|thread)\b`),
  },
  {
    reason: 'addressed-to-ai',
    severity: 'high',
    message: 'claims the user authorised something',
    pattern: u(String.raw`\b(?:the|your) user\s+(?:has\s+)?(?:already\s+)?(?:authori[sz]ed|approved|asked|requested|instructed|consented|wants|would like|needs)\s+(?:you|this|that|the assistant|for you)\b`),
  },
  {
    reason: 'addressed-to-ai',
    severity: 'medium',
    message: 'tells the assistant what to say when summarising',
    pattern: u(String.raw`\bwhen (?:you(?:'re| are)?\s+)?(?:summari[sz]ing|summari[sz]e|processing this|reading this (?:e-?mail|message))\b${S}{0,80}\b(?:say|tell|state|claim|describe|report|mention|include|write|respond)\b`),
  },
  // Requests with side effects.
  {
    reason: 'exfiltration-request',
    severity: 'high',
    message: 'asks to send or forward mail in bulk',
    pattern: u(String.raw`\b${SEND}\s+${S}{0,40}?\b${QUANTIFIER}\s*(?:[\p{L}-]+\s+){0,2}?${MAIL_BULK}\b${S}{0,80}?\b${DESTINATION}`),
    unlessNegated: true,
    accept: (match, _sentence, ctx) => !isOwnAddress(match[0], ctx),
  },
  {
    reason: 'exfiltration-request',
    severity: 'high',
    message: 'asks to send sensitive documents to an address',
    pattern: u(String.raw`\b${SEND}\s+${S}{0,40}?\b${SENSITIVE_DOCS}\b${S}{0,60}?\b${DESTINATION}`),
    unlessNegated: true,
    accept: (match, _sentence, ctx) => !isOwnAddress(match[0], ctx),
  },
  {
    reason: 'secret-request',
    severity: 'high',
    message: 'asks for passwords, codes or keys to be sent',
    pattern: u(String.raw`\b(?:${SEND}|reply with|respond with|include|provide|give|tell|type|enter)\s+(?:me\s+|us\s+)?${S}{0,30}?\b${SECRET}\b`),
    unlessNegated: true,
    accept: (_match, sentence) => !/\b(?:never|not|don't|won't|no one|nobody)\b/i.test(sentence),
  },
  {
    reason: 'bulk-delete-request',
    severity: 'high',
    message: 'asks to delete mail in bulk',
    pattern: u(String.raw`\b(?:delete|trash|remove|erase|purge|wipe|destroy|empty)\s+${S}{0,20}?\b(?:${QUANTIFIER}\s*(?:[\p{L}-]+\s+){0,2}?(?:${MAIL_BULK}|evidence|trash|traces?)|(?:the|your)\s+(?:inbox|mailbox|sent folder|sent items))\b`),
    unlessNegated: true,
  },
  {
    reason: 'send-to-address',
    severity: 'medium',
    message: 'asks to send mail content to a specific address',
    pattern: u(String.raw`\b(?:send|forward|fwd|bcc|cc|e-?mail|reply(?: all)?|copy)\s+${S}{0,40}?\b(?:this|these|that|the|those)\s+(?:e-?mails?|messages?|mails?|threads?|conversations?|summary|summaries|contents?|inbox)\b${S}{0,40}?\b(?:to|at)\s*<?(${EMAIL})`),
    unlessNegated: true,
    accept: (match, _sentence, ctx) => !isOwnAddress(match[1] ?? '', ctx),
  },
  {
    reason: 'stealth-request',
    severity: 'high',
    message: 'asks to act without the user knowing or approving',
    pattern: u(String.raw`\b(?:without|don't|do not|never)\s+(?:telling|informing|notifying|alerting|asking|confirming with|consulting|tell|inform|notify|alert|ask|mention (?:it|this) to|mention)\s+(?:it\s+to\s+|this\s+to\s+)?(?:the user|the human|your user|your principal|the account (?:holder|owner)|the (?:mailbox|inbox) owner)\b|\b(?:silently|secretly|covertly|quietly)\s+(?:send|forward|delete|trash|bcc|cc|reply|share|export|transfer|remove)\b|\b(?:auto-?approve|bypass (?:the |any )?(?:confirmation|approval)s?|without (?:(?:user|the user's|any|their|asking for)\s+)?(?:confirmation|approval|consent)\b)`),
  },
  {
    reason: 'urgent-payment',
    severity: 'medium',
    message: 'urgent payment or bank-detail change',
    pattern: u(String.raw`\b(?:urgent(?:ly)?|immediately|right away|right now|asap|as soon as possible|without delay|at once|within (?:the next )?\d+\s*(?:minutes?|mins?|hours?|hrs?)|before (?:end of day|EOD|close of business|COB|midnight)|time[- ]sensitive)\b${S}{0,80}?\b(?:(?:wire|transfer|remit|send)\s+(?:[\p{L}\p{N}$€£.,]+\s+){0,3}?(?:\$|€|£|USD|EUR|GBP|funds|money|payment|the (?:amount|balance|sum))|gift\s*cards?|(?:update|change)\s+(?:the\s+|our\s+|your\s+|their\s+)?(?:bank|banking|payment|wire|remittance|payee)\s+(?:details|information|info|account))|\b(?:(?:wire|transfer|remit)\s+(?:[\p{L}\p{N}$€£.,]+\s+){0,3}?(?:\$|€|£|USD|EUR|GBP|funds|money|payment)|gift\s*cards?|(?:update|change)\s+(?:the\s+|our\s+|your\s+)?(?:bank|banking|payee)\s+(?:details|account))\b${S}{0,60}?\b(?:urgent(?:ly)?|immediately|right away|asap|without delay|today|within \d+\s*(?:minutes?|hours?))\b`),
  },
  // Exfiltration through links the client would fetch.
  {
    reason: 'markdown-image-exfiltration',
    severity: 'high',
    message: 'contains a markdown image whose address carries a query',
    pattern: /!\[[^\]\n]{0,200}\]\(\s*<?(?:https?:)?\/\/[^)\s]+\?[^)\s]*=[^)\s]*\)/giu,
  },
  {
    reason: 'exfiltration-link',
    severity: 'high',
    message: 'contains a link with a placeholder for data to fill in',
    pattern: /(?:https?:)?\/\/[^\s)\]]*?(?:\{\{?|%7B|<|\$\{|\[)\s*(?:data|summary|secret|e-?mails?|contents?|info|user|password|token|conversation|history|inbox|messages?|query|context|answer|results?)\b/giu,
  },
  {
    reason: 'exfiltration-link',
    severity: 'high',
    message: 'asks to put mail content into a link or image',
    pattern: u(String.raw`\b(?:append|add|include|embed|insert|encode|put)\s+${S}{0,50}?\b(?:summary|contents?|e-?mails?|messages?|conversation|history|data|inbox|secrets?|tokens?|passwords?)\b${S}{0,40}?\b(?:to|in|into|as)\s+(?:the|this|a|an|every|your)\s+(?:url|link|image|query(?: string)?|parameter|address)\b`),
  },
];

export function isOwnAddress(text: string, ctx: DetectionContext): boolean {
  if (!ctx.accountAddress) return false;
  const own = ctx.accountAddress.toLowerCase();
  const found = text.toLowerCase().match(new RegExp(EMAIL, 'gu')) ?? [];
  return found.length > 0 && found.every((address) => address === own);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sentenceAround(text: string, start: number, end: number): string {
  const before = text.lastIndexOf('\n', start);
  const from = Math.max(before + 1, start - 300);
  const after = text.indexOf('\n', end);
  const to = Math.min(after < 0 ? text.length : after, end + 300);
  return text.slice(from, to);
}


function toolNameRules(toolNames: readonly string[]): Rule[] {
  const names = toolNames.filter((name) => /^[A-Za-z0-9_.-]{3,64}$/.test(name));
  if (names.length === 0) return [];
  return [
    {
      reason: 'tool-name',
      severity: 'medium',
      message: 'names one of this extension’s tools',
      pattern: new RegExp(String.raw`(?<![\p{L}\p{N}_])(?:functions\.)?(?:${names.map(escapeRegExp).join('|')})(?![\p{L}\p{N}_])`, 'giu'),
    },
  ];
}

// In text a person never saw, an address or link next to an action verb is enough: mail has no honest reason

export interface RuleMatch {
  readonly reason: InjectionReason;
  readonly severity: InjectionSeverity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Every rule match in the text (at most `perReason` a reason), in rule order, negated and own-address matches dropped. */
export function findRuleMatches(text: string, ctx: DetectionContext, perReason = 50): RuleMatch[] {
  const matches: RuleMatch[] = [];
  const counts = new Map<InjectionReason, number>();
  for (const rule of [...RULES, ...toolNameRules(ctx.toolNames)]) {
    rule.pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = rule.pattern.exec(text)) !== null) {
      if (match[0].length === 0) {
        rule.pattern.lastIndex += 1;
        continue;
      }
      if ((counts.get(rule.reason) ?? 0) >= perReason) break;
      const start = match.index;
      const end = start + match[0].length;
      if (rule.unlessNegated && NEGATION_BEFORE.test(text.slice(Math.max(0, start - 60), start))) continue;
      if (rule.accept && !rule.accept(match, sentenceAround(text, start, end), ctx)) continue;
      counts.set(rule.reason, (counts.get(rule.reason) ?? 0) + 1);
      matches.push({ reason: rule.reason, severity: rule.severity, message: rule.message, start, end });
    }
  }
  return matches;
}
