import * as vscode from 'vscode';
import { GET_STARTED_COMMAND } from '../shared/commandIds';
import { setupProgress } from './setupProgress';

/**
 * How far the person got with the setup (setupProgress), as context keys: the walkthrough ticks its steps by them
 * (`onContext:` completion events) and the tool-call view's welcome offers the next step only
 * (package.json `viewsWelcome` when clauses). Kept true to the stores, not to the commands: an import that failed
 * or a sign-in that was cancelled ticks nothing, and signing out of the last account clears the key.
 */

/** The walkthrough's id in package.json `contributes.walkthroughs`. */
const WALKTHROUGH_ID = 'gmailTools.gettingStarted';

export interface SetupSources {
  /** This extension's id (publisher.name): VS Code names an extension's walkthrough `<extension id>#<walkthrough id>`. */
  readonly extensionId: string;
  readonly hasClient: () => Promise<boolean>;
  readonly onDidChangeClient: vscode.Event<void>;
  readonly hasSession: () => Promise<boolean>;
  readonly onDidChangeSessions: vscode.Event<unknown>;
  readonly enabledToolsets: () => readonly string[];
  readonly onDidChangeToolsets: vscode.Event<void>;
  /** How many of the calls the calls view lists the agent made. */
  readonly agentCalls: () => number;
  readonly onDidChangeToolCalls: vscode.Event<unknown>;
}

export class SetupContextKeys implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  /** What the stores said when last read: only their own events read them again (SecretStorage, sessions). */
  private stored = { hasClient: false, hasSession: false };
  /** The value each key was last set to, so a change that moves no key sets none (tool calls change often). */
  private readonly published = new Map<string, boolean>();

  constructor(private readonly sources: SetupSources) {
    this.subscriptions = [
      sources.onDidChangeClient(() => void this.refresh()),
      sources.onDidChangeSessions(() => void this.refresh()),
      sources.onDidChangeToolsets(() => void this.publish()),
      sources.onDidChangeToolCalls(() => void this.publish()),
      // "Gmail: Get Started" and the view's "How to create one": a command link with the walkthrough's id as its
      // argument lost everything after the "#" on its way from the welcome view, and opened VS Code's own Welcome page.
      vscode.commands.registerCommand(GET_STARTED_COMMAND, () =>
        vscode.commands.executeCommand('workbench.action.openWalkthrough', `${sources.extensionId}#${WALKTHROUGH_ID}`, false),
      ),
    ];
    void this.refresh();
  }

  /** Reads the stores again, then sets the keys. */
  async refresh(): Promise<void> {
    const [hasClient, hasSession] = await Promise.all([this.sources.hasClient().catch(() => false), this.sources.hasSession().catch(() => false)]);
    this.stored = { hasClient, hasSession };
    await this.publish();
  }

  private async publish(): Promise<void> {
    const progress = setupProgress({ ...this.stored, enabledToolsets: this.sources.enabledToolsets(), agentCalls: this.sources.agentCalls() });
    // Decided and recorded before the first await, so a later change is never overwritten by an earlier one.
    const changed = Object.entries(progress).filter(([key, value]) => this.published.get(key) !== value);
    for (const [key, value] of changed) this.published.set(key, value);
    await Promise.all(changed.map(([key, value]) => vscode.commands.executeCommand('setContext', key, value)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
