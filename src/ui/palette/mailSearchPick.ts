import * as vscode from 'vscode';
import type { InProcessToolResult } from '../../mcp/transport/inProcessClient';
import { hitLabelsForPeople, shortHitDate, snippetForPeople } from '../shared/mailHitWording';
import { plainText } from '../shared/untrustedText';

/** One hit of search_messages' structured result, the fields the pick shows. */
export interface MailHit {
  readonly id: string;
  readonly threadId?: string;
  readonly date: string;
  readonly from: string;
  readonly subject: string;
  readonly snippet: string;
  readonly labels?: readonly string[];
  readonly flags?: readonly unknown[];
}

export interface MailHitItem extends vscode.QuickPickItem {
  /** Absent on the lines that are not mail (an error, "no messages"). */
  readonly hit?: MailHit;
}

/** Runs search_messages (through the in-process MCP client) for a query; '' = the inbox's newest. */
export type MailSearch = (query: string) => Promise<InProcessToolResult>;

export interface MailSearchPickOptions {
  readonly account: string;
  readonly search: MailSearch;
  /** The person chose a hit (Enter or click). */
  readonly onChoose: (hit: MailHit) => void | Promise<void>;
  /** Quiet time after the last keystroke before searching. */
  readonly debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 300;

/**
 * Gmail: Search Mail…'s live quick pick: results follow the typed Gmail query (debounced), a search that comes
 * back after a newer one was started is dropped, `busy` shows while the newest search runs, a failure shows as a
 * line in the pick, and an empty query lists the inbox's newest. Every line of mail text goes through plainText
 * (quick picks render `$(icon)` syntax), and nothing is markdown.
 */
export class MailSearchPick implements vscode.Disposable {
  readonly quickPick: vscode.QuickPick<MailHitItem>;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The query of the newest search started or scheduled, so a repeated value does not search again. */
  private scheduledQuery: string | undefined;
  private latest: Promise<void> = Promise.resolve();
  /**
   * Values we set on the pick ourselves: VS Code echoes each one back through onDidChangeValue, later and in order,
   * and an echo arriving after a newer value must not search for the older one again.
   */
  private readonly echoes: string[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  private readonly hidden = new vscode.EventEmitter<void>();
  /** Fires once the pick is closed (chosen, Escape, or disposed). */
  readonly onDidHide = this.hidden.event;

  constructor(private readonly options: MailSearchPickOptions) {
    this.quickPick = vscode.window.createQuickPick<MailHitItem>();
    this.quickPick.title = `Search ${plainText(options.account, { max: 80 })}`;
    this.quickPick.placeholder = 'Gmail search, e.g. from:alice is:unread newer_than:7d (empty: the newest in your inbox)';
    this.quickPick.matchOnDescription = false;
    this.quickPick.matchOnDetail = false;
    this.quickPick.ignoreFocusOut = true;
    this.subscriptions.push(
      this.quickPick.onDidChangeValue((value) => {
        if (this.echoes[0] === value) {
          this.echoes.shift();
          return;
        }
        this.schedule(value);
      }),
      this.quickPick.onDidAccept(() => {
        const item = this.quickPick.selectedItems[0] ?? this.quickPick.activeItems[0];
        if (item) void this.choose(item);
      }),
      this.quickPick.onDidHide(() => this.dispose()),
    );
  }

  /** Shows the pick and lists the inbox's newest (or `initialQuery`'s hits) at once. */
  show(initialQuery = ''): this {
    this.setValue(initialQuery);
    this.quickPick.show();
    this.schedule(initialQuery, 0);
    return this;
  }

  /** Sets the query as if typed (tests, a query passed to the command); searches after the debounce. */
  type(query: string): this {
    this.setValue(query);
    this.schedule(query);
    return this;
  }

  private setValue(value: string): void {
    // VS Code echoes a change only (the same value set again fires nothing).
    if (this.quickPick.value !== value) this.echoes.push(value);
    this.quickPick.value = value;
  }

  /** Resolves when the newest search has finished and its items are in the pick. */
  async settled(): Promise<void> {
    for (;;) {
      const generation = this.generation;
      const pending = this.latest;
      await pending;
      if (generation === this.generation && pending === this.latest && this.timer === undefined) return;
      // A keystroke arrived meanwhile: wait for its search too.
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Opens a hit as Enter on it would; lines that are not mail do nothing. */
  async choose(item: MailHitItem): Promise<void> {
    if (!item.hit) return;
    const hit = item.hit;
    this.quickPick.hide();
    await this.options.onChoose(hit);
  }

  private schedule(value: string, delayMs = this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS): void {
    const query = value.trim();
    if (query === this.scheduledQuery) return;
    this.scheduledQuery = query;
    if (this.timer) clearTimeout(this.timer);
    // Counted now, not when the timer fires: a search already running is stale from this keystroke on.
    const generation = ++this.generation;
    this.quickPick.busy = true;
    // The first search starts the account's server and reads each hit whole: seconds with nothing to show but the
    // thin busy bar. A line says what is going on until the hits replace it.
    if (!this.quickPick.items.some((item) => item.hit)) this.quickPick.items = [searchingItem(query)];
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.latest = this.run(query, generation);
    }, delayMs);
  }

  private async run(query: string, generation: number): Promise<void> {
    let items: MailHitItem[];
    try {
      const result = await this.options.search(query);
      items = result.isError ? [problemItem('Search failed', result.text)] : hitItems(result.structured?.messages, query);
    } catch (error) {
      items = [problemItem('Search failed', (error as Error).message)];
    }
    if (generation !== this.generation) return;
    this.quickPick.items = items;
    this.quickPick.busy = false;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.generation += 1;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.quickPick.dispose();
    this.hidden.fire();
    this.hidden.dispose();
  }
}

/**
 * One line a hit, for a person (mailHitWording): the subject, then the date before the sender (the pick cuts the
 * description from the right), then the snippet from a sentence's start and the label names.
 */
export function hitItems(messages: unknown, query: string, now = Date.now()): MailHitItem[] {
  const hits = Array.isArray(messages) ? (messages as MailHit[]) : [];
  if (!hits.length) return [{ label: query ? 'No messages match.' : 'Your inbox is empty.', alwaysShow: true }];
  return hits.map((hit) => {
    const snippet = snippetForPeople(hit.snippet);
    const labels = hitLabelsForPeople(hit.labels ?? []);
    const detail = [
      ...(hit.flags?.length ? ['⚠ reads like instructions to an AI'] : []),
      ...(snippet ? [plainText(snippet, { max: 160 })] : []),
      ...(labels.length ? [plainText(labels.join(', '), { max: 80 })] : []),
    ].join(' · ');
    return {
      // The pick filters and highlights by what is typed, but the typed text is a Gmail query: every hit stays listed.
      alwaysShow: true,
      label: plainText(hit.subject, { max: 120 }) || '(no subject)',
      description: `${plainText(shortHitDate(hit.date, now), { max: 40 })} · ${plainText(senderForPeople(hit.from), { max: 60 })}`,
      ...(detail ? { detail } : {}),
      hit,
    };
  });
}

/** "Sam Patel" for `Sam Patel <sam@example.com>`; the address when there is no name (the message shows both). */
function senderForPeople(from: string): string {
  const named = /^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$/.exec(from);
  return named?.[1]?.trim() || from;
}

function searchingItem(query: string): MailHitItem {
  return { label: `$(loading~spin) ${query ? 'Searching your mail…' : 'Loading your inbox…'}`, alwaysShow: true };
}

/** Our words first, then the message (which may quote mail or a query): one line, nothing rendered. */
function problemItem(what: string, message: string): MailHitItem {
  return { label: `$(error) ${what}`, detail: plainText(message, { max: 300 }), alwaysShow: true };
}

