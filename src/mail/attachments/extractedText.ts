import { UserFacingError } from '../../errors/userFacingError';
import type { HiddenReason } from '../visibility/hiddenContent';
import type { RemovalReport } from '../visibility/sanitizeText';

/**
 * What an extractor gets out of one file: the text a person sees when opening it, the text the file carries but
 * would not show (a PDF's invisible text layer, white text, a DOCX's hidden runs), counted by why it was hidden,
 * and how much was left unread. Plain data: it crosses the worker boundary by structured clone.
 */
export type HiddenRunReason =
  /** The reasons of the mail body's HTML pipeline (an .html, .md attachment goes through it; PDF, Word, SVG use them too). */
  | HiddenReason
  /** Text under an opaque shape painted after it. */
  | 'covered'
  /** An optional-content layer (PDF) the document shows switched off. */
  | 'hiddenLayer';

/** The same reason in the words of the mail pipeline (guard/hiddenContent), for the removal line and the person. */
export function hiddenReasonOf(reason: HiddenRunReason): HiddenReason {
  if (reason === 'covered') return 'clipped';
  if (reason === 'hiddenLayer') return 'hiddenAttribute';
  return reason;
}

/** One hidden stretch of a file, with why it was hidden: for the person's "Show Withheld Text". */
export interface HiddenRun {
  readonly reason: HiddenRunReason;
  readonly text: string;
}

export interface ExtractedText {
  readonly visibleText: string;
  readonly hiddenText: string;
  readonly hiddenRuns: Partial<Record<HiddenRunReason, number>>;
  /** The hidden text run by run, with why (capped like hiddenText); absent when the extractor keeps no reasons. */
  readonly hiddenPassages?: readonly HiddenRun[];
  /** Pages (PDF) read, and in the file. */
  readonly pagesRead?: number;
  readonly pageCount?: number;
  /** A cap (pages, characters) stopped the extraction before the end of the file. */
  readonly truncated: boolean;
  /**
   * Set when the text already went through the mail pipeline's sanitiser (an .html or .md file): what it removed.
   * Otherwise the guard sanitises visibleText itself (guardedAttachment.ts).
   */
  readonly removed?: RemovalReport;
}

export interface ExtractionLimits {
  /** Most pages of a PDF read. */
  readonly maxPages: number;
  /** Most characters of text kept (visible and hidden each). */
  readonly maxChars: number;
}

export type ExtractionFailure = 'encrypted' | 'corrupt' | 'unsupported' | 'timeout' | 'tooLarge';

/** A file that could not be read, said so that a person knows why. */
export class AttachmentExtractionError extends UserFacingError {
  readonly category = 'content';

  constructor(
    readonly failure: ExtractionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentExtractionError';
  }
}

/** Collects text up to a cap, remembering whether the cap cut it. */
export class CappedText {
  private parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(private readonly maxChars: number) {}

  push(text: string): void {
    if (!text) return;
    const room = this.maxChars - this.length;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const piece = text.length > room ? text.slice(0, room) : text;
    if (piece.length < text.length) this.truncated = true;
    this.parts.push(piece);
    this.length += piece.length;
  }

  get full(): boolean {
    return this.length >= this.maxChars;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/**
 * The hidden text of one file as it is found: consecutive text hidden for the same reason is one run (a PDF's text
 * layer is hundreds of show-text operators; a Word paragraph many runs), counted once and kept as one passage.
 */
export class HiddenRuns {
  private readonly text: CappedText;
  private readonly runs: Array<{ reason: HiddenRunReason; text: string }> = [];
  readonly counts: Partial<Record<HiddenRunReason, number>> = {};
  private open = false;

  constructor(maxChars: number) {
    this.text = new CappedText(maxChars);
  }

  push(reason: HiddenRunReason, text: string): void {
    if (!text.trim()) return;
    const last = this.runs[this.runs.length - 1];
    if (this.open && last?.reason === reason) {
      if (!this.text.full) last.text += text;
    } else {
      this.counts[reason] = (this.counts[reason] ?? 0) + 1;
      if (!this.text.full) this.runs.push({ reason, text });
    }
    this.open = true;
    this.text.push(text);
  }

  /** Visible text came between: the next hidden text starts a run of its own. */
  close(): void {
    this.open = false;
  }

  get truncated(): boolean {
    return this.text.truncated;
  }

  result(): Pick<ExtractedText, 'hiddenText' | 'hiddenRuns' | 'hiddenPassages'> {
    const passages = this.runs.map((r) => ({ reason: r.reason, text: r.text.replace(/\s+/g, ' ').trim() })).filter((r) => r.text);
    return { hiddenText: passages.map((p) => p.text).join('\n'), hiddenRuns: { ...this.counts }, hiddenPassages: passages };
  }
}
