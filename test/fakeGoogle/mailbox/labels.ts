import type { gmail_v1 } from '@googleapis/gmail';

export const SYSTEM_LABEL_IDS = [
  'INBOX', 'SENT', 'TRASH', 'SPAM', 'DRAFT', 'UNREAD', 'STARRED', 'IMPORTANT', 'CHAT',
  'CATEGORY_PERSONAL', 'CATEGORY_SOCIAL', 'CATEGORY_PROMOTIONS', 'CATEGORY_UPDATES', 'CATEGORY_FORUMS',
] as const;

const SYSTEM_SET = new Set<string>(SYSTEM_LABEL_IDS);

/** Visibility Gmail reports for its system labels (labels.list). */
const HIDDEN_IN_LABEL_LIST = new Set(['UNREAD', 'CHAT', 'CATEGORY_PERSONAL', 'CATEGORY_SOCIAL', 'CATEGORY_PROMOTIONS', 'CATEGORY_UPDATES', 'CATEGORY_FORUMS']);

export interface LabelDefinition {
  id: string;
  name: string;
  type: 'system' | 'user';
}

export function isSystemLabelId(id: string): boolean {
  return SYSTEM_SET.has(id);
}

/** System labels plus user labels, with Gmail-style ids (`Label_1`, `Label_2`, ...) for the user ones. */
export class LabelRegistry {
  private readonly byId = new Map<string, LabelDefinition>();
  private readonly userIdByName = new Map<string, string>();
  private nextUserNumber = 1;

  constructor() {
    for (const id of SYSTEM_LABEL_IDS) this.byId.set(id, { id, name: id, type: 'system' });
  }

  /**
   * Resolves a label written in an X-Fake-Labels header: a system id stays as is; anything else is a user label
   * name (a leading `Label_` is taken as part of an id-like spelling and dropped from the name), created on
   * first use.
   */
  resolveFixtureLabel(token: string): string {
    const upper = token.toUpperCase();
    if (SYSTEM_SET.has(upper)) return upper;
    const name = token.startsWith('Label_') ? token.slice('Label_'.length) : token;
    return this.ensureUserLabel(name);
  }

  ensureUserLabel(name: string): string {
    const existing = this.userIdByName.get(name.toLowerCase());
    if (existing) return existing;
    const id = `Label_${this.nextUserNumber++}`;
    this.byId.set(id, { id, name, type: 'user' });
    this.userIdByName.set(name.toLowerCase(), id);
    return id;
  }

  get(id: string): LabelDefinition | undefined {
    return this.byId.get(id);
  }

  all(): LabelDefinition[] {
    return [...this.byId.values()];
  }

  /**
   * The label ids a `label:` search term names. Gmail accepts the name in any case, with spaces or slashes written
   * as dashes, and system labels by their id.
   */
  idsForSearchName(value: string): string[] {
    const wanted = canonicalLabelName(value);
    return this.all().filter((l) => canonicalLabelName(l.name) === wanted || l.id.toLowerCase() === value.toLowerCase()).map((l) => l.id);
  }
}

function canonicalLabelName(name: string): string {
  return name.toLowerCase().replace(/[\s/_-]+/g, '-');
}

export function toLabelResource(label: LabelDefinition): gmail_v1.Schema$Label {
  if (label.type === 'system') {
    return {
      id: label.id,
      name: label.name,
      type: 'system',
      ...(HIDDEN_IN_LABEL_LIST.has(label.id) ? {} : { messageListVisibility: 'hide', labelListVisibility: 'labelShow' }),
    };
  }
  return { id: label.id, name: label.name, type: 'user', messageListVisibility: 'show', labelListVisibility: 'labelShow' };
}
