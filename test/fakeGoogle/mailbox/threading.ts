export interface Threadable {
  id: string;
  internalDate: number;
  messageIdHeader: string | undefined;
  references: string[];
  normalizedSubject: string;
}

/**
 * Groups messages into threads like Gmail: a message joins the thread of a message it references (References or
 * In-Reply-To) only when the subjects agree once reply prefixes are removed. The thread id is the id of the
 * thread's earliest message, as in Gmail.
 */
export function assignThreads<T extends Threadable>(messages: readonly T[]): Map<string, string> {
  const parent = new Map<string, string>(messages.map((m) => [m.id, m.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const byMessageId = new Map<string, T>();
  for (const m of messages) if (m.messageIdHeader && !byMessageId.has(m.messageIdHeader)) byMessageId.set(m.messageIdHeader, m);
  for (const m of messages) {
    for (const ref of m.references) {
      const other = byMessageId.get(ref);
      if (other && other.id !== m.id && other.normalizedSubject === m.normalizedSubject) parent.set(find(m.id), find(other.id));
    }
  }
  const earliest = new Map<string, T>();
  for (const m of messages) {
    const root = find(m.id);
    const current = earliest.get(root);
    if (!current || m.internalDate < current.internalDate || (m.internalDate === current.internalDate && m.id < current.id)) earliest.set(root, m);
  }
  return new Map(messages.map((m) => [m.id, earliest.get(find(m.id))!.id]));
}
