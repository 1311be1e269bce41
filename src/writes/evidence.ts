/**
 * The evidence a confirmation carries: for every item of a change (a recipient, a link, an attachment, a passage of
 * the outgoing text, a message a trash or label change touches) where it came from and what that means for the
 * person deciding. The grade does not depend on recognising an attack: it follows from provenance alone.
 *
 * - none: a reply or reply-all to the thread's own people, or addresses the account has written to, with no
 *   content lifted from other senders' mail;
 * - notice: a new external recipient the mail did not supply (the person may well intend it);
 * - danger: anything the mail supplied that the thread's own correspondents did not (an address or domain only
 *   mentioned in mail, found in hidden text, in a flagged message, in a link target, a look-alike, a Reply-To
 *   redirect; codes, reset links or attachment text leaving their thread).
 *
 * This is the one contract between the evidence engine (guard/provenance and its assessors) and everything that
 * shows or records a confirmation (ui/confirmDiff, the audit log, serve:fake's CONFIRMATION line).
 */

export type Grade = 'none' | 'notice' | 'danger';

export const GRADES: readonly Grade[] = ['none', 'notice', 'danger'];

export type EvidenceKind = 'recipient' | 'link' | 'attachment' | 'passage' | 'message';

/** Where in a message something was found. */
export type EvidencePart = 'visible text' | 'hidden text' | 'link target' | 'attachment' | 'header' | 'reply-to';

/** One mail an item was found in, named as the person knows it. */
export interface EvidenceSource {
  readonly messageId: string;
  /** The account whose mail it was (an address read in account B's mail and sent from A is still from mail). */
  readonly account?: string;
  readonly from?: string;
  readonly subject?: string;
  readonly part: EvidencePart;
  /** The message carried an instruction-like flag from the detector. */
  readonly flagged?: boolean;
}

export interface EvidenceItem {
  readonly kind: EvidenceKind;
  /** The item as the person sees it in the confirmation (an address, a URL, a file name, a passage's start). */
  readonly value: string;
  readonly grade: Grade;
  /** Plain words, most telling first ("only mentioned in mail from a@b, never written to"). Never mail text raw. */
  readonly reasons: readonly string[];
  readonly sources?: readonly EvidenceSource[];
}

export interface Evidence {
  /** The highest grade of the items (none when there are no items). */
  readonly grade: Grade;
  /** One or two sentences a person reads first: the grade and the decisive evidence. */
  readonly summary: string;
  readonly items: readonly EvidenceItem[];
}

export function gradeRank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** The highest of the grades given (none for none given). */
export function highestGrade(grades: Iterable<Grade>): Grade {
  let top: Grade = 'none';
  for (const grade of grades) if (gradeRank(grade) > gradeRank(top)) top = grade;
  return top;
}
