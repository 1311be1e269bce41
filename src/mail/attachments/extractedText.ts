/**
 * What an extractor gets out of one file: the text a person sees when opening it, the text the file carries but
 * would not show (a PDF's invisible text layer, white text, a DOCX's hidden runs), counted by why it was hidden,
 * and how much was left unread. Plain data: it crosses the worker boundary by structured clone.
 */
export type HiddenRunReason = 'transparent' | 'sameColourAsBackground' | 'hiddenAttribute';

export interface ExtractedText {
  readonly visibleText: string;
  readonly hiddenText: string;
  readonly hiddenRuns: Partial<Record<HiddenRunReason, number>>;
  /** Pages (PDF) read, and in the file. */
  readonly pagesRead?: number;
  readonly pageCount?: number;
  /** A cap (pages, characters) stopped the extraction before the end of the file. */
  readonly truncated: boolean;
}

export interface ExtractionLimits {
  /** Most pages of a PDF read. */
  readonly maxPages: number;
  /** Most characters of text kept (visible and hidden each). */
  readonly maxChars: number;
}

export type ExtractionFailure = 'encrypted' | 'corrupt' | 'unsupported' | 'timeout' | 'tooLarge';

/** A file that could not be read, said so that a person knows why. */
export class AttachmentExtractionError extends Error {
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
