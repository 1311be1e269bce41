import type { DetectionContext } from './injectionTypes';
import { findRuleMatches, isOwnAddress } from './injectionRules';
import { EMAIL } from './injectionVocabulary';
import { findSignals } from './injectionSignals';

/**
 * What the injection model (injectionModel.ts) reads of one window of mail text, as a sparse vector. Three blocks:
 * - hashed character 3-5-grams of the folded text (case folded, addresses and links replaced by a placeholder,
 *   digits by 0): they carry wording in any language and script, spacing and spelling tricks included;
 * - hashed word uni- and bigrams of the same text;
 * - named features: the attack-class signals (injectionSignals.ts) and the phrase rules (injectionRules.ts) that
 *   fire in the window, as features rather than verdicts, and the window's structure: whom it addresses, whether
 *   it asks in a question or in the third person, whether it names an outside address to send to, where in the
 *   mail it sits, whether it is quoted or forwarded context.
 * The hashed blocks are each scaled to unit length, so a long window weighs no more than a short one; named
 * features are 0 or 1. The trainer (scripts/detector/train.ts) and the runtime share this file, so what is
 * learned is exactly what is scored.
 */

export const HASH_BITS = 18;
export const HASH_BUCKETS = 1 << HASH_BITS;
/** A window is this many characters of the normalised text; windows overlap by half. */
export const WINDOW_CHARS = 1200;
const WINDOW_STRIDE = 600;
/**
 * Narrow windows as well, over any text longer than one: a one-sentence order inside a long mail would otherwise
 * weigh little against the mail around it (each hashed block is scaled to unit length).
 */
export const NARROW_CHARS = 320;
const NARROW_STRIDE = 160;

/** A named feature: its id (stable, in the weights file) and what it means in plain words, for the flag's reason. */
export interface NamedFeature {
  readonly id: string;
  readonly words: string;
}

const ASSISTANT_WORDS = String.raw`(?:assistant|assistente|asistente|assistent|assistentin|asystent|asisten|ai|a\.i\.|llm|chatbot|chat bot|bot|copilot|chatgpt|gpt|claude|gemini|llama|agent|agente|ki|ia|ии|ассистент|помощник|нейросеть|助手|助理|人工智能|智能体|アシスタント|エージェント|어시스턴트|비서|에이전트|सहायक|सहायिका|एआई|مساعد|المساعد|الذكاء الاصطناعي|সহকারী|এআই|معاون|اسسٹنٹ|yapay zeka|asistan|trợ lý)`;
/** Verbs that send or share, in the languages mail most often arrives in. */
const SEND_WORDS = String.raw`(?:send|sent|forward|fwd|e-?mail|mail|reply|share|transfer|upload|post|bcc|cc|envía|enviar|envie|envoyer|envoie|envoyez|transférer|transfère|inoltra|invia|inviare|senden|sende|schicke|schicken|weiterleiten|leite|enviar|encaminhe|encaminhar|отправь|отправьте|отправить|перешли|перешлите|переслать|发送|发给|转发|寄给|送信|転送|送って|보내|전송|भेजें|भेजो|भेजना|फॉरवर्ड|أرسل|ارسل|إرسال|حوّل|পাঠান|পাঠাও|ফরওয়ার্ড|بھیجیں|بھیجو|فارورڈ|kirim|kirimkan|teruskan|gönder|ilet|gửi|chuyển tiếp|wyślij|przekaż|stuur|verstuur)`;
const INSTRUCTION_WORDS = String.raw`(?:instructions?|directives?|system prompt|prompt|guidelines|rules|anweisungen|instruktionen|instrucciones|instruções|istruzioni|consignes|инструкции|указания|指示|指令|提示词|命令|지시|지침|निर्देश|निर्देशों|تعليمات|التعليمات|নির্দেশ|ہدایات|instruksi|perintah|talimat|talimatları|hướng dẫn|instrukcje|instructies)`;
const OVERRIDE_WORDS = String.raw`(?:ignore|disregard|forget|override|bypass|ignoriere|ignorieren|vergiss|ignora|ignorar|olvida|ignorez|oublie|oubliez|ignore[rz]?|esqueça|dimentica|игнорируй|игнорируйте|забудь|забудьте|忽略|无视|忘记|無視|忘れ|무시|잊어|अनदेखा|भूल जाओ|تجاهل|انس|উপেক্ষা|نظرانداز|abaikan|lupakan|yoksay|unut|bỏ qua|zignoruj|negeer)`;
const THIRD_PERSON_REQUEST = String.raw`\b(?:the|your|this|an?)\s+(?:ai|assistant|model|agent|bot|llm|system|copilot)\s+(?:should|must|will|shall|needs? to|has to|is (?:to|required to|expected to|supposed to)|can|may|ought to)\b`;
const QUESTION_REQUEST = String.raw`\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|kindly\s+)?(?:also\s+)?(?:send|forward|email|e-mail|mail|share|reply|transfer|write|draft|delete|create|schedule|tell|reveal|print|show)\b`;
/**
 * The reader given a new identity or mode: people write "you are now …", "from now on …", "act as …" to a
 * program, rarely to a colleague (a rehearsal's "you will play the king" is another shape).
 */
const PERSONA_SHIFT = String.raw`\byou(?:'re| are| will be)\s+(?:(?:now|no longer)\s+(?:an?|the|my|in|free|unrestricted|called|named|known as)|not (?:an?|the) (?:ai|assistant|model|chatbot|bot)|free (?:of|from)|unrestricted|in (?:\w+ )?mode)\b|\b(?:from now on|for the rest of (?:this|our) (?:conversation|chat|session)|from this (?:point|moment) (?:on|forward))\b|\b(?:act|behave|respond|answer|reply) as (?:if you (?:were|are) )?(?:an?|the|my)\s+(?:\w+\s+){0,3}?(?:ai|assistant|model|bot|chatbot|system|administrator|admin|terminal|developer|hacker|persona|character|version)\b|\b(?:pretend|imagine) (?:to be|you are|you're|that you are)\b|\brole-?play(?:ing)? as\b|\b(?:developer|god|jailbreak|unrestricted|unfiltered|debug|admin|dan|evil) mode\b`;
/** The reader's own rules and conversation as the subject: text for a model talks about its guardrails. */
const READER_RULES = String.raw`\byour (?:own )?(?:rules|restrictions|guidelines|programming|training|filters?|content polic(?:y|ies)|safety (?:rules|guidelines|settings)|limitations|system (?:prompt|message|instructions)|initial (?:prompt|instructions)|original instructions|creators?|guardrails)\b|\b(?:this|the current|our) (?:conversation|chat session|context window)\b|\b(?:above|before) this (?:line|message|point)\b|\b(?:prior|previous|earlier|above) (?:instructions|prompts?|directives|context|messages in this conversation)\b`;
// A long run of base64's alphabet with both cases in it: a commit hash or a hex digest is one case only.
const BASE64_RUN = /(?=[A-Za-z0-9+/]{0,80}[a-z])(?=[A-Za-z0-9+/]{0,80}[A-Z])[A-Za-z0-9+/]{40,}={0,2}/u;
const ROLE_MARKER = /(?:^|\n)\s*(?:#{1,6}\s*)?(?:system|assistant|user|human|developer|tool)\s*:|<\|?\s*\/?\s*(?:im_start|im_end|system|assistant|user|endoftext)\b|\[\/?INST\]|<<\/?SYS>>/iu;
const FORWARD_HEADER = /(?:-{2,}\s*(?:forwarded message|original message|weitergeleitete nachricht|message transféré|mensaje reenviado|messaggio inoltrato)|^(?:from|von|de|da):\s.+\n(?:sent|gesendet|envoyé|enviado|inviato|date):\s)/imu;
const URL = /\b(?:https?:\/\/|www\.)\S+/iu;
const ALL_CAPS_SHOUT = /\b[A-Z]{4,}\b[^\n]{0,40}!{2,}|\b(?:IMPORTANT|URGENT|ATTENTION|NOTE|WARNING|CRITICAL)\b/u;
const CODE_LIKE = /[{}[\]]\s*"[\w-]+"\s*:/u;

const u = (source: string): RegExp => new RegExp(source, 'iu');

/** Structure features: each a test on the window's normalised text and the mail around it. */
interface StructureTest {
  readonly feature: NamedFeature;
  readonly test: (window: WindowText, ctx: DetectionContext) => boolean;
}

export interface WindowText {
  /** The normalised text of the window. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Length of the whole normalised text. */
  readonly total: number;
  readonly narrow: boolean;
}

const NAMES_ASSISTANT = u(String.raw`(?:^|[^\p{L}])${ASSISTANT_WORDS}(?:$|[^\p{L}])`);
const SEND_TO_ADDRESS = u(String.raw`${SEND_WORDS}[^\n]{0,120}?${EMAIL}|${EMAIL}[^\n]{0,60}?${SEND_WORDS}`);
const EMAIL_GLOBAL = new RegExp(EMAIL, 'giu');

function hasOutsideAddress(text: string, ctx: DetectionContext): boolean {
  for (const match of text.matchAll(EMAIL_GLOBAL)) if (!isOwnAddress(match[0], ctx)) return true;
  return false;
}

const STRUCTURE: readonly StructureTest[] = [
  { feature: { id: 'names-assistant', words: 'names an AI or an assistant' }, test: (w) => NAMES_ASSISTANT.test(w.text) },
  { feature: { id: 'outside-address', words: 'names an outside e-mail address' }, test: (w, ctx) => hasOutsideAddress(w.text, ctx) },
  {
    feature: { id: 'send-to-outside-address', words: 'asks for mail to be sent to an outside address' },
    test: (w, ctx) => hasOutsideAddress(w.text, ctx) && SEND_TO_ADDRESS.test(w.text),
  },
  {
    feature: { id: 'assistant-and-send', words: 'asks an assistant to send mail to an outside address' },
    test: (w, ctx) => NAMES_ASSISTANT.test(w.text) && hasOutsideAddress(w.text, ctx) && SEND_TO_ADDRESS.test(w.text),
  },
  { feature: { id: 'link', words: 'contains a link' }, test: (w) => URL.test(w.text) },
  { feature: { id: 'question-request', words: 'asks in a question for mail to be sent or shown' }, test: (w) => u(QUESTION_REQUEST).test(w.text) },
  { feature: { id: 'third-person-request', words: 'tells the assistant, in the third person, what to do' }, test: (w) => u(THIRD_PERSON_REQUEST).test(w.text) },
  { feature: { id: 'persona-shift', words: 'gives the reader a new identity or mode' }, test: (w) => u(PERSONA_SHIFT).test(w.text) },
  { feature: { id: 'reader-rules', words: 'talks about the reader’s own rules or conversation' }, test: (w) => u(READER_RULES).test(w.text) },
  { feature: { id: 'mentions-instructions', words: 'talks about instructions or prompts' }, test: (w) => u(String.raw`(?:^|[^\p{L}])${INSTRUCTION_WORDS}`).test(w.text) },
  {
    feature: { id: 'override-and-instructions', words: 'asks to set aside instructions' },
    test: (w) => u(String.raw`${OVERRIDE_WORDS}[^\n.]{0,60}${INSTRUCTION_WORDS}|${INSTRUCTION_WORDS}[^\n.]{0,40}${OVERRIDE_WORDS}`).test(w.text),
  },
  { feature: { id: 'role-marker', words: 'contains a chat role marker (System:, <|im_start|>, [INST])' }, test: (w) => ROLE_MARKER.test(w.text) },
  { feature: { id: 'encoded-blob', words: 'carries a long encoded (base64-like) run' }, test: (w) => BASE64_RUN.test(w.text) },
  { feature: { id: 'shouting', words: 'shouts for attention (IMPORTANT, !!!)' }, test: (w) => ALL_CAPS_SHOUT.test(w.text) },
  { feature: { id: 'code-like', words: 'contains JSON-like structure' }, test: (w) => CODE_LIKE.test(w.text) },
  { feature: { id: 'quoted', words: 'is mostly quoted reply text' }, test: (w) => quotedShare(w.text) > 0.5 },
  { feature: { id: 'forwarded', words: 'is forwarded or quoted mail' }, test: (w) => FORWARD_HEADER.test(w.text) },
  { feature: { id: 'first-window', words: 'opens the mail' }, test: (w) => w.start === 0 },
  { feature: { id: 'last-window', words: 'ends the mail' }, test: (w) => w.end === w.total && w.start > 0 },
  { feature: { id: 'short-mail', words: 'is a short mail' }, test: (w) => w.total < 400 },
  { feature: { id: 'narrow-window', words: 'is a short passage of a longer mail' }, test: (w) => w.narrow },
];

function quotedShare(text: string): number {
  const lines = text.split('\n').filter((line) => line.trim());
  return lines.length === 0 ? 0 : lines.filter((line) => /^\s*>/.test(line)).length / lines.length;
}

// Plain words for the attack-class signals and phrase rules, by id.
const SIGNAL_WORDS: Readonly<Record<string, string>> = {
  'ai-addressee': 'addresses an AI assistant',
  'user-impersonation': 'claims to speak for the mailbox owner to the assistant',
  framing: 'wraps orders in a fake role, tag or heading',
  'response-directive': 'tells the reader how to change its answer',
  'output-manipulation': 'asks for the answer in a disguised form or another language',
  'capability-request': 'orders an action toward an outside address or link',
  'owner-voice': 'speaks as the mailbox owner',
  'dictated-content': 'dictates the exact text of something to send',
  'secrecy-urgency': 'wants an action hidden or rushed',
  override: 'tells the reader to set aside its instructions',
  'agent-imperatives': 'gives step-by-step orders to the reader',
  'assistant-task': 'sets a chatbot task unrelated to the mail',
  'off-topic': 'holds orders unrelated to the rest of the mail',
  'mailbox-data': "names the user's mail, files or codes as the thing to act on",
  'user-store': "acts on the user's drive, calendar or inbox",
  'tool-order': 'tells the reader which tool to call',
};
const RULE_WORDS: Readonly<Record<string, string>> = {
  'override-phrase': 'asks to ignore or replace previous instructions',
  'role-tag': 'contains a chat-template role marker or fake system tag',
  'tool-call-syntax': 'contains text shaped like a tool call',
  'tool-name': 'names one of this extension’s tools',
  'addressed-to-ai': 'addresses an AI reading the mail',
  'exfiltration-request': 'asks to send mail or documents in bulk to an address',
  'secret-request': 'asks for passwords, codes or keys to be sent',
  'bulk-delete-request': 'asks to delete mail in bulk',
  'send-to-address': 'asks to send mail content to a specific address',
  'stealth-request': 'asks to act without the user knowing or approving',
  'urgent-payment': 'asks for an urgent payment or bank-detail change',
  'markdown-image-exfiltration': 'contains an image link that would carry data out',
  'exfiltration-link': 'asks to put mail content into a link',
};

/** Every named feature, in weight-file order: structure, then signal classes, then rule reasons. */
export const NAMED_FEATURES: readonly NamedFeature[] = [
  ...STRUCTURE.map((s) => s.feature),
  ...Object.entries(SIGNAL_WORDS).map(([id, words]) => ({ id: `signal:${id}`, words })),
  ...Object.entries(RULE_WORDS).map(([id, words]) => ({ id: `rule:${id}`, words })),
];
const NAMED_INDEX = new Map(NAMED_FEATURES.map((f, i) => [f.id, HASH_BUCKETS + i]));
export const FEATURE_COUNT = HASH_BUCKETS + NAMED_FEATURES.length;

/** One window's sparse features: indices ascending, with their values. */
export interface WindowFeatures {
  readonly start: number;
  readonly end: number;
  /** A narrow window (NARROW_CHARS) rather than a wide one. */
  readonly narrow: boolean;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** The folded words of the window, to name the phrases that weighed most. */
  readonly words: readonly string[];
}

/** 32-bit FNV-1a over UTF-16 code units, with a namespace seed so the blocks do not collide by design. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const CHAR_SEED = 0x9e3779b9;
const WORD_SEED = 0x85ebca6b;

/** Case folded, addresses and links as placeholders, digits as 0, whitespace collapsed. */
export function foldForHashing(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(?:https?:\/\/|www\.)\S+/giu, ' ⟨link⟩ ')
    .replace(EMAIL_GLOBAL, ' ⟨address⟩ ')
    .replace(/\p{Nd}/gu, '0')
    .replace(/\s+/gu, ' ')
    .trim();
}

export function wordsOf(folded: string): string[] {
  return folded.match(/⟨\w+⟩|[\p{L}\p{M}\p{N}']+/gu) ?? [];
}

/** Windows of the text: [start, end) offsets, `size` long (WINDOW_CHARS), overlapping by half, cut at whitespace. */
export function windowSpans(text: string, size = WINDOW_CHARS, stride = WINDOW_STRIDE): Array<[number, number]> {
  if (text.length <= size) return [[0, text.length]];
  const spans: Array<[number, number]> = [];
  for (let start = 0; start < text.length; start += stride) {
    let from = start;
    if (from > 0) {
      const space = text.indexOf(' ', from);
      if (space >= 0 && space - from < 40) from = space + 1;
    }
    const end = Math.min(text.length, from + size);
    spans.push([from, end]);
    if (end >= text.length) break;
  }
  return spans;
}

/** The wide windows, then (for a text longer than one narrow window) the narrow ones, each marked as such. */
export function allWindowSpans(text: string): Array<{ start: number; end: number; narrow: boolean }> {
  const wide = windowSpans(text).map(([start, end]) => ({ start, end, narrow: false }));
  if (text.length <= NARROW_CHARS) return wide;
  return [...wide, ...windowSpans(text, NARROW_CHARS, NARROW_STRIDE).map(([start, end]) => ({ start, end, narrow: true }))];
}

/** The sparse features of every window of a normalised text. */
export function extractFeatures(text: string, ctx: DetectionContext): WindowFeatures[] {
  const spans = allWindowSpans(text);
  // Signals and rules read the whole text once; each window takes the hits that start inside it.
  const hits: Array<{ id: string; start: number }> = [
    ...findSignals(text, ctx).map((s) => ({ id: `signal:${s.cls}`, start: s.start })),
    ...findRuleMatches(text, ctx).map((m) => ({ id: `rule:${m.reason}`, start: m.start })),
  ];
  return spans.map(({ start, end, narrow }) => {
    const window: WindowText = { text: text.slice(start, end), start, end, total: text.length, narrow };
    const named = new Set<string>();
    for (const hit of hits) if (hit.start >= start && hit.start < end) named.add(hit.id);
    for (const structure of STRUCTURE) if (structure.test(window, ctx)) named.add(structure.feature.id);
    return { start, end, narrow, ...vectorOf(window.text, named) };
  });
}

function vectorOf(windowText: string, named: ReadonlySet<string>): Omit<WindowFeatures, 'start' | 'end' | 'narrow'> {
  const folded = foldForHashing(windowText);
  const chars = new Set<number>();
  const padded = ` ${folded} `;
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) chars.add(hash(padded.slice(i, i + n), CHAR_SEED) & (HASH_BUCKETS - 1));
  }
  const words = wordsOf(folded);
  const wordHashes = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    wordHashes.add(hash(words[i], WORD_SEED) & (HASH_BUCKETS - 1));
    if (i + 1 < words.length) wordHashes.add(hash(`${words[i]} ${words[i + 1]}`, WORD_SEED) & (HASH_BUCKETS - 1));
  }
  const values = new Map<number, number>();
  const charValue = chars.size ? 1 / Math.sqrt(chars.size) : 0;
  const wordValue = wordHashes.size ? 1 / Math.sqrt(wordHashes.size) : 0;
  for (const index of chars) values.set(index, (values.get(index) ?? 0) + charValue);
  for (const index of wordHashes) values.set(index, (values.get(index) ?? 0) + wordValue);
  for (const id of named) {
    const index = NAMED_INDEX.get(id);
    if (index !== undefined) values.set(index, 1);
  }
  const indices = Int32Array.from([...values.keys()].sort((a, b) => a - b));
  return { indices, values: Float32Array.from(indices, (i) => values.get(i)!), words };
}

/** The hashed index of a word or word pair, to weigh the phrases of a flagged window. */
export function wordFeatureIndex(phrase: string): number {
  return hash(phrase, WORD_SEED) & (HASH_BUCKETS - 1);
}
