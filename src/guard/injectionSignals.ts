import { AGENT_NAME, EMAIL } from './injectionVocabulary';

/**
 * Signals of text written for an AI agent rather than for the person who owns the mailbox. Each signal describes
 * a CLASS of attack, not a known payload: who the text is addressed to, how it is framed, what it asks the agent
 * to do with our capabilities, what it dictates about the agent's own answer. None is proof alone (ordinary mail
 * is full of imperatives): each class is one feature of the learned model (injectionFeatures.ts), which weighs it
 * with everything else it reads. The `weight` of a signal is only its strength within its class, for ranking.
 */

export type SignalClass =
  | 'ai-addressee'
  | 'user-impersonation'
  | 'framing'
  | 'response-directive'
  | 'output-manipulation'
  | 'capability-request'
  | 'owner-voice'
  | 'dictated-content'
  | 'secrecy-urgency'
  | 'override'
  | 'agent-imperatives'
  | 'assistant-task'
  | 'off-topic'
  | 'mailbox-data'
  | 'user-store'
  | 'tool-order';

export interface Signal {
  readonly cls: SignalClass;
  /** Contribution to the score; 1 or more is enough alone. */
  readonly weight: number;
  /** For people, a few words: what was seen. */
  readonly reason: string;
  readonly start: number;
  readonly end: number;
}

export interface SignalContext {
  /** The signed-in address: a destination that is the user's own is not "outside". */
  readonly accountAddress?: string;
}

const u = (source: string): RegExp => new RegExp(source, 'giu');

const URL = String.raw`(?:https?:\/\/|www\.)[^\s<>"')]+|\b[a-z0-9-]+\.(?:com|net|org|io|xyz|info|biz|top|site|online|app|co|ru|cn)\b(?:\/[^\s<>"')]*)?`;
/** What our tools can do, as verbs an instruction would use. */
const CAPABILITY = String.raw`(?:send|e-?mail|forward|fwd|reply|respond|share|export|upload|post|transfer|delete|trash|remove|erase|purge|archive|create|schedule|book|invite|add|move|copy|bcc|cc|mark|label|draft|compose|write)`;
/** "your answer", "your reply": the agent's own output, as an instruction to it names it. */
const ANSWER_REF = String.raw`\byour\s+(?:(?:final|next|entire|whole|own|generated)\s+)?(?:response|responses|answer|answers|reply|replies|output|message|summary|summaries|text|explanation|translation)\b`;
/** Verbs that reshape an answer or slip content into it. */
const RESHAPE = String.raw`(?:add|include|conclude|finish|preface|prefix|suffix|wrap up|sign off|advise|persuade|convince|tell the readers?|introduce|inject|sprinkle|pepper|put|place|integrate|insert|incorporate|embed|append|prepend|augment|enhance|enrich|modify|alter|rewrite|tweak|amend|adjust|suggest|tease|promote|advertise|encourage|urge|remind|offer|combine|jumble|mix|split|separate|use|apply|employ|mention|recommend|invite|weave|slip|emphasi[sz]e|highlight|stress|insist|claim|assert|direct|point|link|redirect|hint|imply)`;
/** What a person is asked to put in a reply: facts they hold, not someone's content. */
const PERSON_FACT = String.raw`(?:(?:order|ticket|reference|case|account|invoice|booking|confirmation|tracking|member(?:ship)?|employee|policy|claim|customer|student|badge|phone)\s+(?:number|no\b|id|code)|availability|(?:your|the)\s+(?:full\s+)?name|contact details|preferred (?:date|time|slot)s?|manager|team|colleagues?|cc)`;
/** Transformations of an answer that no correspondent asks of a person. */
const TRANSFORM = String.raw`(?:encode|encrypt|decode|translate|convert|transliterate|replace|substitute|swap|misspell|scramble|jumble|rearrange|anagram\w*|reverse|invert|remove (?:all )?(?:the )?(?:spaces|vowels|punctuation)|group (?:the )?(?:letters|characters|words)|capitali[sz]e|uppercase|lowercase|shuffle|rot13|obfuscate|cipher|typos?)`;
const FORMAT_WORDS = String.raw`(?:base ?64|base ?32|hex(?:adecimal)?|binary|morse(?: code)?|rot-?13|caesar|cipher|emojis?|symbols|numbers|digits|leetspeak|l33t|pig latin|anagrams?|backwards|reverse(?:d)? order|all caps|capital letters|upper ?case|typos|misspell\w*|no spaces|without spaces|groups of (?:\w+))`;
const LANGUAGES = String.raw`(?:French|Spanish|German|Italian|Portuguese|Dutch|Russian|Chinese|Mandarin|Japanese|Korean|Arabic|Hindi|Turkish|Polish|Swedish|Greek|Hebrew|Latin|Klingon|Esperanto|English)`;

function ownAddress(text: string, ctx: SignalContext): boolean {
  return ctx.accountAddress !== undefined && text.toLowerCase() === ctx.accountAddress.toLowerCase();
}

interface SentenceSpan {
  readonly text: string;
  readonly start: number;
}

const MAX_SENTENCE_CHARS = 600;

/** Sentences and lines, with offsets; an abbreviation split too early only shortens a window. */
export function sentencesOf(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const re = /(?:[^\n.!?]|[.!?]+(?![\s]|$))*(?:[.!?]+(?=\s|$)|\n|$)/gu;
  let match: RegExpExecArray | null;
  let guard = 0;
  while ((match = re.exec(text)) !== null && guard++ < 100_000) {
    if (match[0].length === 0) {
      if (re.lastIndex >= text.length) break;
      re.lastIndex += 1;
      continue;
    }
    const trimmed = match[0].trim();
    const at = match.index + match[0].indexOf(trimmed);
    // Text without punctuation makes one huge "sentence"; pieces keep every rule's window short and its cost linear.
    for (let from = 0; from < trimmed.length; from += MAX_SENTENCE_CHARS) {
      const piece = trimmed.slice(from, from + MAX_SENTENCE_CHARS).trim();
      if (piece) spans.push({ text: piece, start: at + trimmed.indexOf(piece, from) });
    }
  }
  return spans;
}

// An imperative opens a sentence, perhaps after a politeness word, a connective or a label ("TODO:", "Step 1:").
const IMPERATIVE_LEAD = String.raw`^(?:[-*•>]\s*)?(?:<[^<>\n]{1,40}>\s*)?(?:[\p{L}\d ]{1,20}:\s*)?(?:(?:dear|hey|hi|hello)\s+[\p{L}\d .-]{1,30},\s*)?(?:(?:please|kindly|now|then|also|first|next|finally|and|afterwards|after that|immediately|just|simply|you (?:should|must|need to|have to|are to|will))[, ]+){0,3}`;
const CAPABILITY_IMPERATIVE = u(String.raw`${IMPERATIVE_LEAD}${CAPABILITY}\b`);
const DESTINATION = u(String.raw`${EMAIL}|${URL}`);
const OBLIGED_CAPABILITY = u(String.raw`\byou (?:should|must|need to|have to|are to|will need to) (?:now |first |immediately |also )?${CAPABILITY}\b`);
const DESTRUCTIVE = /^(?:delete|trash|remove|erase|purge)$/u;

interface SentenceRule {
  readonly cls: SignalClass;
  readonly weight: number;
  readonly reason: string;
  readonly pattern: RegExp;
  /** A cheap test a sentence must pass before the pattern runs: a word the pattern cannot match without. */
  readonly needs: RegExp;
}

const SENTENCE_RULES: SentenceRule[] = [
  // Addressed to an agent: "to you, the AI language model", "Dear assistant", "as an AI you must".
  {
    cls: 'ai-addressee',
    weight: 1,
    reason: 'addresses an AI model or assistant',
    needs: /ai\b|a\.i\.|llm|model|bot|copilot|gpt|claude|gemini|llama|mistral|assistant|agent/i,
    pattern: u(String.raw`\b(?:to you|for you|hey|hi|hello|dear|attention|note to|message (?:for|to)|instructions? (?:for|to))\s*,?\s*(?:the |my |our |dear )?(?:${AGENT_NAME})(?=\s*[,.:;!?)\n—-]|\s*$)|\b(?:as|if you are|you are|you're)\s+(?:an?|the|my|our)\s+(?:AI|LLM|(?:large )?language model|AI (?:assistant|agent|model)|chat ?bot|(?:e-?mail|mail|inbox|virtual|digital|automated|personal) (?:assistant|agent|bot))\b|\b(?:AI|LLM|language model|assistant|agent|model)s?\s+(?:reading|processing|summari[sz]ing|parsing|handling|analy[sz]ing)\s+(?:this|these|my|the|your)\b`),
  },
  // The voice of the user talking to its own agent, in a mail from someone else.
  {
    cls: 'user-impersonation',
    weight: 1,
    reason: 'claims to be the user speaking to the assistant',
    needs: /\bme\b|user|owner|principal|boss|task|request|job|instruction|assignment|signed/i,
    pattern: u(String.raw`\bmessage from (?:me|the user|your user|your (?:owner|principal|boss))\b[^\n]{0,60}\bto you\b|\b(?:the )?task (?:that )?(?:I|the user|your user|we) (?:gave|assigned|asked|set) (?:you|for you)\b|\b(?:before|after) you (?:can )?(?:solve|complete|finish|continue|proceed with|do|start|answer|perform) (?:the|your|my|this|any|that) (?:original |current |main |initial |first |other )?(?:task|request|job|instructions?|assignment)\b|\bsigned,?\s*(?:the user|your user|your owner)\b`),
  },
  {
    cls: 'user-impersonation',
    weight: 0.4,
    reason: "speaks for the user's wishes",
    needs: /user/i,
    pattern: u(String.raw`\b(?:the|your) user\s+(?:wants|asked|asks|needs|would like|has asked|requested|requests|expects|instructed)\s+(?:you|that|all|every|to)\b`),
  },
  {
    cls: 'override',
    weight: 1,
    reason: 'tells the reader to set aside its instructions',
    needs: /ignore|disregard|forget|override|skip|abandon|drop|stop|instructions|instead|strictly/i,
    pattern: u(String.raw`\b(?:ignore|disregard|forget|override|skip|abandon|drop|stop following)\s+(?:(?:all|any|the|your|these|those|of|every)\s+){0,3}(?:(?:previous|prior|preceding|above|earlier|former|original|initial|existing|current|other|old|system)\s+){1,2}(?:i\w{0,3}nstruct\w*|direct\w*|prompts?|rules|guidelines|guardrails|commands|orders|tasks?|context|programming|constraints|restrictions|settings|conversation)\b|\b(?:new|updated|changed|real|actual)\s+instructions\s*:|\binstead of (?:the|your) (?:task|instructions?|request)\b|\bstrictly (?:adhere|follow|obey|comply)\b|\byou (?:should|must) (?:immediately )?stop (?:what you(?:'re| are) doing|your (?:current )?task)`),
  },
  // Directives about the agent's own answer: "Encode your response in Base64", "Add a sentence in your reply".
  // A person is asked for facts in a reply ("include your order number in your reply"); an agent is asked to
  // reshape its answer or to carry someone's content in it.
  {
    cls: 'response-directive',
    weight: 1,
    reason: 'tells the reader how to change its answer',
    needs: /your/i,
    pattern: u(String.raw`${IMPERATIVE_LEAD}(?:(?:in|within|throughout|along with|as part of|at the (?:end|start|beginning|top|bottom) of)\s+${ANSWER_REF}\s*,?\s*)?(?:${RESHAPE}|${TRANSFORM})\b(?![^\n]{0,60}\b${PERSON_FACT})[^\n]{0,100}${ANSWER_REF}|${IMPERATIVE_LEAD}(?:in|within|throughout|along with|as part of|at the (?:end|start|beginning|top|bottom) of)\s+${ANSWER_REF}\s*,\s*(?!(?:please\s+)?(?:include|mention|state|tell|give|let|quote|add)\s+(?:us\s+|me\s+)?(?:your|the)\s)\w+`),
  },
  {
    cls: 'response-directive',
    weight: 1,
    reason: 'tells the reader to present its answer in a disguised form',
    needs: /your/i,
    pattern: u(String.raw`${IMPERATIVE_LEAD}(?:provide|render|present|format|structure|deliver|give|write|compose|craft|express|phrase|return|output|send)\s+${ANSWER_REF}\s+(?:[\w-]+\s+){0,3}?(?:using|in|as|without|with)\s+(?:[\w-]+\s+){0,4}?(?:${FORMAT_WORDS}|${LANGUAGES}|[\w-]+ substitution|spaces|punctuation|code|cipher|encoding|anagram\w*|style of)\b|${IMPERATIVE_LEAD}(?:provide|render|present|format|structure|deliver|give|write|compose|craft|express|phrase|return|output|send|spell|read)\s+(?:[\w-]+\s+){0,4}?${ANSWER_REF}\s+(?:[\w-]+\s+){0,2}?(?:${FORMAT_WORDS}|backwards|in reverse)\b|\b${ANSWER_REF}\s+(?:should|must|has to|needs to|is to|will have to)\s+(?:be\s+)?(?:encoded|translated|written in|formatted as|converted|reversed|scrambled|misspelled|in (?:${FORMAT_WORDS}|${LANGUAGES}))\b`),
  },
  {
    cls: 'output-manipulation',
    weight: 1,
    reason: 'asks for the answer in a code, cipher or scrambled form',
    needs: /in|with|as|letter|vowel|conson|charact|space|alphabet|whitespace|punctuation/i,
    pattern: u(String.raw`\b(?:respond|reply|answer|write|output|return|speak|communicate|provide (?:it|everything|all)|use)\s+(?:only\s+|exclusively\s+|entirely\s+|solely\s+)?(?:in|with|using|as)\s+(?:an?\s+|the\s+)?(?:${FORMAT_WORDS})\b|\b(?:use|using)\s+(?:numbers|digits|symbols|emojis?)\s+(?:for|instead of|in place of|to replace)\s+(?:the\s+|all\s+|each\s+)?(?:letters|vowels|consonants|characters|words)\b|\b(?:replace|substitute|swap|change|turn|convert|write)\s+(?:[\w-]+\s+){0,3}?(?:letters?|vowels?|consonants?|characters?|spaces?|alphabets?)\s+(?:with|by|for|into|to|as)\b|\b(?:remove|omit|drop|strip|delete)\s+(?:all\s+|the\s+|any\s+)?(?:spaces|whitespace|vowels|punctuation)\b|\b(?:group|arrange|split)\s+(?:the\s+)?(?:letters|characters)\b`),
  },
  {
    cls: 'response-directive',
    weight: 1,
    reason: 'speaks to the audience of its answer',
    needs: /your/i,
    pattern: u(String.raw`${ANSWER_REF}[^\n]{0,80}\b(?:the\s+)?(?:readers?|users|audiences?|viewers|followers|subscribers)\b|\b(?:the\s+)?(?:readers?|users|audiences?|viewers|followers|subscribers)\b[^\n]{0,80}${ANSWER_REF}`),
  },
  {
    cls: 'output-manipulation',
    weight: 1,
    reason: 'asks for all output in another language',
    needs: /only|exclusively|entirely|solely|from now on/i,
    pattern: u(String.raw`${IMPERATIVE_LEAD}(?:respond|reply|answer|write|speak|communicate)\s+(?:only|exclusively|entirely|solely|from now on)\s+in\s+${LANGUAGES}\b|${IMPERATIVE_LEAD}(?:respond|reply|answer|write|speak|communicate)\s+in\s+${LANGUAGES}\s+(?:only|exclusively|from now on)\b`),
  },
  {
    cls: 'output-manipulation',
    weight: 0.6,
    reason: 'asks for the answer in another language',
    needs: /respond|reply|answer|write/i,
    pattern: u(String.raw`${IMPERATIVE_LEAD}(?:respond|reply|answer|write)\s+(?:only\s+|exclusively\s+|entirely\s+)?in\s+${LANGUAGES}\b(?!\s+(?:or|if|when|is)\b)`),
  },
  // Secrecy or urgency around an action: the reader is meant to act before, or without, the person.
  {
    cls: 'secrecy-urgency',
    weight: 0.5,
    reason: 'wants an action hidden or rushed',
    needs: /without|don't|do not|never|silently|secretly|covertly|quietly|discreetly|sent|outgoing|delete|trace|important/i,
    pattern: u(String.raw`\b(?:without|don't|do not|never)\s+(?:telling|informing|notifying|alerting|asking|tell|inform|notify|alert|ask|mention(?:ing)?|letting)\b[^\n]{0,30}\b(?:user|human|owner|anyone|anybody|them|him|her)\b|\b(?:silently|secretly|covertly|quietly|discreetly)\s+${CAPABILITY}\b|\b(?:delete|remove|trash|erase)\s+(?:the|this|that|any)\s+(?:sent|outgoing)\s+(?:e-?mail|message|mail)\b|\bdelete (?:it|them|the (?:e-?mail|message)) (?:afterwards|after(?:wards)? sending|once (?:sent|done))\b|\bafter (?:sending|forwarding)\b[^\n]{0,40}\bdelete\b|\b(?:leave|leaving) no trace\b|\bthis is (?:extremely|very|super) important\b`),
  },
  // The sender writes as the mailbox owner ("my inbox", "my cloud drive"), as only the user's own prompt would.
  {
    cls: 'owner-voice',
    weight: 0.4,
    reason: 'speaks as the mailbox owner',
    needs: /\bmy\b/i,
    pattern: u(String.raw`\b(?:in|from|of|to)\s+my\s+(?:own\s+)?(?:inbox|mailbox|cloud(?: drive| storage)?|drive|calendar|contacts|sent (?:folder|items|mail)|unread (?:e-?mails|messages)|own e-?mail address)\b|\bmy (?:own )?e-?mail address\b`),
  },
  // Exact arguments for a tool call: the literal subject, body or title the outgoing item must carry.
  {
    cls: 'dictated-content',
    weight: 0.4,
    reason: 'dictates the exact text of an outgoing item',
    needs: /should|must|has to|needs to|will|using|with|having|text|words|message|exact/i,
    pattern: u(String.raw`\b(?:the\s+)?(?:subject|title|body|text|message|content|description|name)\s+(?:line\s+)?(?:should|must|has to|needs to|will)\s+be\s*[:"'“‘]|\busing\s+["'“‘][^"'”’\n]{1,80}["'”’]\s+as\s+(?:the\s+)?(?:subject|title|body|text)\b|\b(?:with|having)\s+the\s+(?:exact\s+)?(?:subject|title|body|text)\s*[:"'“‘]|\bthe (?:text|words|message)\s+["'“‘][^"'”’\n]{1,120}["'”’]\s+to\b|\bexact (?:subject|title|body|text)\b`),
  },
  // The object of the order is the user's own mail or files: what an attacker wants moved or destroyed.
  {
    cls: 'mailbox-data',
    weight: 0.4,
    reason: "names the user's mail, files or codes as the object",
    needs: /received|sent|got|of|code|token|link|password|all|every|each|largest|biggest|newest|latest|oldest|recent|\bid\b/i,
    pattern: u(String.raw`\b(?:e-?mails?|messages?|mails?|files?|code|documents?)\s+(?:you\s+)?(?:received|sent|got)\s+(?:from|via|by)\b|\b(?:the\s+)?(?:body|bodies|contents?|text|subject|attachments?)\s+of\s+(?:the|all|each|every|any)\s+(?:(?:\w+\s+){0,3})?(?:e-?mails?|messages?|mails?|files?|documents?)\b|\b(?:security|verification|login|2fa|mfa|one[- ]time|reset|access)\s+(?:code|token|link|password)s?\b|\b(?:all|every(?: single)?|each)\s+(?:of\s+)?(?:the\s+|my\s+|your\s+)?(?:unread\s+|received\s+|sent\s+)?(?:e-?mails?|messages?|files?|contacts|events|documents)\b|\b(?:the\s+)?(?:\w+\s+)?(?:largest|biggest|newest|latest|oldest|most recent)\s+(?:\d+\s+|\w+\s+)?(?:files|e-?mails|messages|documents)\b|\b(?:file|e-?mail|message|event|document)\s+with\s+(?:the\s+)?id\b`),
  },
  {
    cls: 'user-store',
    weight: 0.4,
    reason: "acts on the user's drive, calendar or inbox",
    needs: /cloud|drive|inbox|mailbox|calendar|contacts|sent/i,
    pattern: u(String.raw`\b(?:from|in|on|to|into)\s+(?:the|my|your|their)\s+(?:cloud(?: drive| storage)?|drive|inbox|mailbox|calendar|contacts|sent (?:folder|items))\b`),
  },
  // Second person "you should/must use the tool / do the following": instructions for an executor.
  {
    cls: 'tool-order',
    weight: 1,
    reason: 'tells the reader which tool to call',
    needs: /tool|function/i,
    pattern: u(String.raw`\byou (?:should|must|need to|have to|are to|will) (?:now |first |immediately )?(?:use|call|invoke|run) (?:the )?(?:tool|function)\s+\x60?[a-z]+_[a-z_]+\x60?|\byou (?:should|must|need to|have to) (?:now |first |immediately )?(?:use|call|invoke|run) (?:the )?\x60?[a-z]+_[a-z_]+\x60? (?:tool|function)\b`),
  },
  {
    cls: 'agent-imperatives',
    weight: 0.5,
    reason: 'gives step-by-step orders to the reader',
    needs: /following|tool|function|api|step/i,
    pattern: u(String.raw`\b(?:please\s+)?do the following\s*(?:first|now|instead|immediately)?\s*:|\byou (?:should|must|need to|have to) (?:use|call|invoke|run) (?:the )?(?:tool|function|api)\b|\bwith the following (?:arguments|parameters)\b|\b(?:call|invoke|use|run) the \x60?[a-z]+_[a-z_]+\x60? (?:tool|function)\b|\bstep \d+\s*:\s*${CAPABILITY}\b`),
  },
];

/**
 * Framing: a tag-like wrapper, a fake role turn or a heading that sets a block apart as instructions. In mail a
 * person reads, angle-bracket tags never show as text (HTML renders them away) and role labels ("System:",
 * "###(system_message)") do not occur; in text written for a model they set the stage for what follows.
 */
const FRAMING_TAG = /<\s*\/?\s*([A-Za-z][\w:-]{1,40})(?:\s[^<>\n]{0,60})?>/gu;
const KNOWN_MARKUP = new Set(['br', 'p', 'b', 'i', 'u', 'a', 'div', 'span', 'em', 'strong', 'li', 'ul', 'ol', 'table', 'tr', 'td', 'th', 'img', 'html', 'body', 'head', 'hr', 'code', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'font', 'center', 'small', 'sup', 'sub', 'tbody', 'thead', 'style', 'script', 'meta', 'link', 'title', 'section', 'header', 'footer', 'nav', 'main', 'article', 'button', 'input', 'form', 'label', 'select', 'option', 'svg', 'path', 'template', 'slot', 'iframe']);
const ROLE_LINE = new RegExp(String.raw`(?:^|(?<=\s))(?:\[\s*(?:system|assistant|developer|admin|tool)(?:[ _](?:message|note|prompt|override|notice|instructions?))?\s*\]|#{2,6}\s*\(?\s*(?:system|instructions?|assistant|developer|admin|tool|prompt)[\w ]{0,20}\)?\s*:?|\(\s*system[_ ]?(?:message|prompt|note|notice|instruction)s?\s*\))|^\s*(?:#{1,6}\s*\(?\s*(?:system|instructions?|assistant|developer|admin|user|tool|important|task|note|prompt|context|rules?)[\w ]{0,20}\)?\s*:?|\(?\s*system[_ ]?(?:message|prompt|note|notice|instruction)s?\s*\)|\[\s*(?:system|assistant|developer|admin|user|tool|instructions?|important)[\w ]{0,20}\]\s*:?|(?:system|assistant|developer|admin|tool|user)\s*(?:message|prompt|note|instruction|override|notice)?\s*:)`, 'gimu');

function framingSignals(text: string): Signal[] {
  const signals: Signal[] = [];
  FRAMING_TAG.lastIndex = 0;
  let match: RegExpExecArray | null;
  const opened = new Map<string, number>();
  while ((match = FRAMING_TAG.exec(text)) !== null) {
    const name = match[1].toLowerCase();
    if (KNOWN_MARKUP.has(name)) continue;
    const closing = /^<\s*\//u.test(match[0]);
    if (!closing) {
      if (!opened.has(name)) opened.set(name, match.index);
      continue;
    }
    const start = opened.get(name);
    if (start === undefined) continue;
    opened.delete(name);
    const inner = text.slice(start, match.index);
    // The wrapper counts when it wraps orders, not an address or a code sample.
    if (/\b(?:please|you|your|must|should|do|send|forward|delete|create|email)\b/iu.test(inner) && inner.length > 20) {
      signals.push({ cls: 'framing', weight: 0.6, reason: `tag-like wrapper <${match[1]}> around instructions`, start, end: match.index + match[0].length });
    }
  }
  ROLE_LINE.lastIndex = 0;
  while ((match = ROLE_LINE.exec(text)) !== null && signals.length <= 20) {
    if (match[0].length === 0) {
      ROLE_LINE.lastIndex += 1;
      continue;
    }
    signals.push({ cls: 'framing', weight: 0.6, reason: 'a fake role or instruction heading', start: match.index, end: match.index + match[0].length });
  }
  return signals;
}

/**
 * An instruction to use one of our capabilities toward a destination outside the mailbox: an imperative that
 * opens a sentence with send / forward / create event / delete… and names an address or link that is not the
 * user's own. Business mail asks this of people too, so alone it stays below the flag.
 */
function capabilitySignals(sentence: SentenceSpan, ctx: SignalContext): Signal[] {
  CAPABILITY_IMPERATIVE.lastIndex = 0;
  OBLIGED_CAPABILITY.lastIndex = 0;
  const verb = CAPABILITY_IMPERATIVE.exec(sentence.text) ?? OBLIGED_CAPABILITY.exec(sentence.text);
  if (!verb) return [];
  const verbWord = (verb[0].trim().split(/[\s:,]+/u).pop() ?? 'send').toLowerCase();
  const span = { start: sentence.start, end: sentence.start + sentence.text.length };
  DESTINATION.lastIndex = 0;
  const destinations = [...sentence.text.matchAll(DESTINATION)].map((m) => m[0]).filter((d) => !ownAddress(d, ctx));
  if (destinations.length > 0) return [{ cls: 'capability-request', weight: 0.6, reason: `an order to ${verbWord} toward an outside address or link`, ...span }];
  // Destroying needs no destination; alone it is everyday ("delete this line"), with other signals it counts.
  if (DESTRUCTIVE.test(verbWord)) return [{ cls: 'capability-request', weight: 0.3, reason: `an order to ${verbWord}`, ...span }];
  return [];
}

/**
 * A task for a chatbot dropped into a mail: a general-knowledge question or a writing, coding or translation
 * request that has no tie to the mail around it. A question between correspondents is anchored in their
 * context (you, we, this, attached, Friday, the order); "What is the capital of Brazil?" in a bank notice is
 * not, and none of its words occur in the rest of the mail. Both halves count: the shape alone stays below the
 * flag (newsletter headlines ask questions too, and their article repeats the headline's words).
 */
const TASK_QUESTION = u(String.raw`^(?:(?:please|kindly|now|also)[, ]+)?(?:(?:can|could|would|will) you (?:please )?(?:show|tell|give|explain|write|provide|describe|help|teach|list|suggest|recommend|translate|summari[sz]e|calculate)(?: me)?|(?:what|who|whom|whose|which|when|where|why)(?:'s|\s+\p{L}+)|how (?:do|would|can|could) you (?:say|spell|pronounce|write|translate|express)|how (?:do|does|did|can|could|should|would|is|are|was|were|many|much|long|far|old|big))\b[^?]*\?$`);
// An imperative task names what it wants made: a verb, then an article, a number or a question word.
const TASK_IMPERATIVE = u(String.raw`^(?:(?:please|kindly|now|also)[, ]+)?(?:tell me|show me|teach me|give me|help me (?:understand|write|solve|with)|explain|describe|define|summari[sz]e|outline|draft|compose|write|create|generate|provide|list|name|translate|compare|contrast|calculate|compute|solve|analy[sz]e|recommend|suggest|recite|teach|develop|brainstorm|break down|elaborate on|illustrate|discuss|interpret|paraphrase|propose|invent|imagine|predict)\s+(?:me\s+|on\s+)?(?:a|an|the|some|how|why|what|which|who|when|where|whether|three|four|five|ten|\d+|one|two|several|few|ways|tips|steps)\b|^(?:(?:please|kindly|now|also)[, ]+)?(?:explain|describe|define|summari[sz]e|translate|find|research|look up|analy[sz]e|outline|discuss|compare)\s+\p{L}+`);
const CONTEXT_ANCHOR = u(String.raw`\b(?:you(?!\s+(?:show|tell|give|explain|write|provide|describe|help|teach|list|suggest|recommend|translate|summari[sz]e|calculate)\b)|your|yours|we|us|our|ours|my|mine|this|that|these|those|here|there|attached|enclosed|below|above|today|tonight|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|deadline|meeting|call|order|account|invoice|payment|card|package|delivery|ticket|team|project|office|booking|reservation|subscription|password|login|email|e-mail|message|newsletter|unsubscribe|click|link|event|rsvp|he|she|they|them|his|her|their|it)\b|\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\bQ[1-4]\b|\bFY\s?\d*\b|@|https?:`);
const STOP = new Set('what who whom whose which when where why how does did can could should would will have with from into onto about that this there their them they then than also some more most much many such very just only even each every other another between among after before during under over through the and for are was were been being not you your me tell show give explain write provide describe help teach list suggest recommend translate summarize summarise calculate please kindly following simple sentence word words phrase'.split(' '));

const QUOTED = /(?<!\p{L})'[^'\n]{1,120}'(?!\p{L})|"[^"\n]{1,120}"|“[^”\n]{1,120}”|‘[^’\n]{1,120}’/gu;
/** The words that address the reader as a helper ("can you show me", "how do you say") are no anchor. */
function stripOpening(text: string): string {
  return text.replace(/^(?:[-*•>]\s*)?(?:(?:please|kindly|now|also)[, ]+)?(?:(?:can|could|would|will) you (?:please )?\w+(?: me)?|how (?:do|would|can|could) you \w+|tell me|show me|teach me|give me|help me)\b/iu, '');
}

/** A question or a task of 3 to 30 words, not a list item (agenda items and FAQ entries come bulleted). */
function isTaskShaped(sentence: string): boolean {
  const words = sentence.split(/\s+/u).length;
  if (words < 3 || words > 30 || /^(?:[-*•>◦▪·]|\d{1,2}[.)]\s)/u.test(sentence)) return false;
  TASK_QUESTION.lastIndex = 0;
  TASK_IMPERATIVE.lastIndex = 0;
  return TASK_QUESTION.test(sentence) || TASK_IMPERATIVE.test(sentence);
}

const ADDRESS_OR_LINK = u(String.raw`${EMAIL}|${URL}`);

/** Words that carry a topic; addresses and links are left out (a sender called hello@ is no topic). */
function contentWords(text: string): string[] {
  return (text.replace(ADDRESS_OR_LINK, ' ').toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((w) => !STOP.has(w));
}

function offTopicTaskSignals(text: string, sentences: readonly SentenceSpan[]): Signal[] {
  const signals: Signal[] = [];
  // Stem counts of the whole text, once: a sentence's own stems are taken off to see what the rest holds.
  let allStems: Map<string, number> | undefined;
  const stemsOf = (part: string): string[] => contentWords(part).map((w) => w.slice(0, 5));
  // Quoted text is the task's material ("translate 'how are you'"), and the opening names the reader; the
  // anchor is looked for in the rest.
  const unanchored = sentences.map((sentence) => {
    if (!isTaskShaped(sentence.text)) return false;
    CONTEXT_ANCHOR.lastIndex = 0;
    return !CONTEXT_ANCHOR.test(stripOpening(sentence.text.replace(QUOTED, ' ')));
  });
  for (let i = 0; i < sentences.length; i++) {
    if (!unanchored[i]) continue;
    const sentence = sentences[i];
    // Next to another such sentence it is part of a run: an agenda, a FAQ, a row of buttons, not a task slipped in.
    // An agenda item or a heading has neither a full stop nor many words; a task put to a model reads as a sentence.
    const lone = !unanchored[i - 1] && !unanchored[i + 1] && (/[.?!]["'”’)]*$/u.test(sentence.text) || sentence.text.split(/\s+/u).length >= 7);
    const end = sentence.start + sentence.text.length;
    signals.push({ cls: 'assistant-task', weight: 0.5, reason: 'a general-knowledge question or chatbot task', start: sentence.start, end });
    if (!lone || text.length - sentence.text.length < 150) continue;
    const ownList = stemsOf(sentence.text);
    const own = new Set(ownList);
    if (own.size === 0) continue;
    if (!allStems) {
      allStems = new Map();
      for (const stem of stemsOf(text)) allStems.set(stem, (allStems.get(stem) ?? 0) + 1);
    }
    const inSentence = (stem: string): number => ownList.filter((w) => w === stem).length;
    const shared = [...own].filter((w) => (allStems!.get(w) ?? 0) > inSentence(w)).length;
    if (shared / own.size > 1 / 3) continue;
    signals.push({ cls: 'off-topic', weight: 0.5, reason: 'unrelated to the rest of the mail', start: sentence.start, end });
    if (signals.length >= 10) break;
  }
  return signals;
}

export function findSignals(text: string, ctx: SignalContext): Signal[] {
  const sentences = sentencesOf(text);
  const signals: Signal[] = [...framingSignals(text), ...offTopicTaskSignals(text, sentences)];
  for (const sentence of sentences) {
    for (const rule of SENTENCE_RULES) {
      if (!rule.needs.test(sentence.text)) continue;
      rule.pattern.lastIndex = 0;
      const match = rule.pattern.exec(sentence.text);
      if (match) signals.push({ cls: rule.cls, weight: rule.weight, reason: rule.reason, start: sentence.start + match.index, end: sentence.start + match.index + match[0].length });
    }
    signals.push(...capabilitySignals(sentence, ctx));
  }
  return signals;
}
