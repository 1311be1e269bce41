/**
 * Draft ids of one mailbox and the message each points at. Gmail's draft ids (`r` and a signed 64-bit decimal) are
 * not message ids: updating a draft replaces its message (a new message id) while the draft id stays.
 */
export class DraftStore {
  private readonly messageOf = new Map<string, string>();
  private counter = 0n;

  create(messageId: string): string {
    const id = `r${5_836_120_000_000_000_000n + ++this.counter * 7_919n}`;
    this.messageOf.set(id, messageId);
    return id;
  }

  messageId(draftId: string): string | undefined {
    return this.messageOf.get(draftId);
  }

  /** Points the draft at a new message (drafts.update). */
  replace(draftId: string, messageId: string): void {
    if (!this.messageOf.has(draftId)) throw new Error(`no such draft: ${draftId}`);
    this.messageOf.set(draftId, messageId);
  }

  delete(draftId: string): boolean {
    return this.messageOf.delete(draftId);
  }

  /** The draft id whose message is `messageId`, if any. */
  draftOf(messageId: string): string | undefined {
    for (const [draft, message] of this.messageOf) if (message === messageId) return draft;
    return undefined;
  }

  entries(): [draftId: string, messageId: string][] {
    return [...this.messageOf];
  }
}
