import * as vscode from 'vscode';
import type { ToolsetName } from '../../gmail/scopes';
import type { UserLimitSettings } from '../../guard/userLimits';

export const OPTIONAL_TOOLSETS: readonly Exclude<ToolsetName, 'read'>[] = ['drafts', 'send', 'organize'];
const SECTION = 'gmailTools';
/** The bounds package.json gives `gmailTools.quota.unitsPerMinute`: a few sends a minute, up to Gmail's per-project limit. */
const MIN_UNITS_PER_MINUTE = 600;
const MAX_UNITS_PER_MINUTE = 1_200_000;

/**
 * The user's choices that shape what the agent may do: toolsets (read is always on), the read-only switch
 * that wins over them, and the confirmation timeout and bulk threshold. Application-scoped settings, so no
 * workspace can widen them.
 */
export class ToolsetSettings implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) this.changed.fire();
  });

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  enabledToolsets(): ToolsetName[] {
    return ['read', ...OPTIONAL_TOOLSETS.filter((t) => this.config.get<boolean>(`toolsets.${t}`, false))];
  }

  readOnly(): boolean {
    return this.config.get<boolean>('readOnly', false);
  }

  confirmationTimeoutMs(): number {
    return clamp(this.config.get<number>('confirmation.timeoutSeconds', 300), 10, 3600) * 1000;
  }

  /**
   * The user's limits as set (application scope), without defaults of their own: a setting left unset or set to
   * nonsense falls back to DEFAULT_USER_LIMIT_SETTINGS, the one default of every limit.
   */
  userLimitSettings(): Partial<UserLimitSettings> {
    const c = this.config;
    return {
      allowedRecipientDomains: c.get<string[]>('policy.allowedRecipientDomains'),
      blockedRecipientDomains: c.get<string[]>('policy.blockedRecipientDomains'),
      maxRecipientsPerMessage: c.get<number>('policy.maxRecipients'),
      sendsPerHour: c.get<number>('policy.sendsPerHour'),
      maxMessagesPerChange: c.get<number>('policy.maxMessagesPerChange'),
      typedCountThreshold: c.get<number>('confirmation.bulkThreshold'),
      undoSendSeconds: c.get<number>('confirmation.undoSendSeconds'),
      readsPerMinuteAlarm: c.get<number>('anomaly.readsPerMinute'),
      appendSignature: c.get<boolean>('compose.signature'),
    };
  }

  /**
   * Gmail's per-user quota of the person's Cloud project (`gmailTools.quota.unitsPerMinute`, application scope so
   * an admin policy or the user sets it, never a workspace); undefined (the client's default, 6,000) when unset or
   * outside what Gmail can allow.
   */
  quotaUnitsPerMinute(): number | undefined {
    const value = this.config.get<number>('quota.unitsPerMinute');
    return typeof value === 'number' && Number.isFinite(value) && value >= MIN_UNITS_PER_MINUTE && value <= MAX_UNITS_PER_MINUTE ? value : undefined;
  }

  async setToolset(toolset: Exclude<ToolsetName, 'read'>, enabled: boolean): Promise<void> {
    await this.config.update(`toolsets.${toolset}`, enabled, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
