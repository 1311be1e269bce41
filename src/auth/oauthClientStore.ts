import * as vscode from 'vscode';
import type { OAuthClientConfig } from './oauthClient';

const CLIENT_KEY = 'gmailTools.oauthClient';

/**
 * The user's own Desktop-app OAuth client. Google's downloaded client_secret JSON is parsed and kept in
 * SecretStorage; nothing is written to settings or files.
 */
export class OAuthClientStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<OAuthClientConfig | undefined> {
    const raw = await this.secrets.get(CLIENT_KEY);
    if (!raw) return undefined;
    try {
      return parseClientSecretJson(raw);
    } catch {
      return undefined;
    }
  }

  async importJson(json: string): Promise<OAuthClientConfig> {
    const config = parseClientSecretJson(json);
    await this.secrets.store(CLIENT_KEY, JSON.stringify({ installed: { client_id: config.clientId, client_secret: config.clientSecret } }));
    this.changed.fire();
    return config;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(CLIENT_KEY);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Accepts Google's client_secret_*.json for a Desktop app ("installed"); explains anything else. */
export function parseClientSecretJson(json: string): OAuthClientConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('This file is not JSON. Download the OAuth client JSON from Google Cloud Console (APIs & Services > Credentials).');
  }
  const root = parsed as { installed?: Record<string, unknown>; web?: unknown };
  if (root?.web && !root.installed) {
    throw new Error('This is a "Web application" OAuth client. Create an OAuth client of type "Desktop app" and import its JSON.');
  }
  const installed = root?.installed;
  const clientId = installed?.client_id;
  const clientSecret = installed?.client_secret;
  if (typeof clientId !== 'string' || !clientId || typeof clientSecret !== 'string' || !clientSecret) {
    throw new Error('This JSON has no Desktop-app client ("installed" with client_id and client_secret).');
  }
  if (clientId.length > 512 || clientSecret.length > 512) throw new Error('The OAuth client JSON has implausibly long values.');
  return { clientId, clientSecret };
}
