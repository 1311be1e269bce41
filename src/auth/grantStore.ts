import type * as vscode from 'vscode';

/** One Google account's grant as kept in SecretStorage: the only place a refresh token is ever stored. */
export interface StoredGrant {
  readonly sessionId: string;
  readonly account: string;
  readonly scopes: readonly string[];
  readonly refreshToken: string;
}

const GRANTS_KEY = 'gmailTools.grants';

export class GrantStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  isGrantsKey(key: string): boolean {
    return key === GRANTS_KEY;
  }

  async list(): Promise<StoredGrant[]> {
    const raw = await this.secrets.get(GRANTS_KEY);
    if (!raw) return [];
    try {
      const parsed = JSON.parse(raw) as unknown;
      return Array.isArray(parsed) ? parsed.filter(isStoredGrant) : [];
    } catch {
      return [];
    }
  }

  async put(grant: StoredGrant): Promise<void> {
    const grants = (await this.list()).filter((g) => g.sessionId !== grant.sessionId && g.account !== grant.account);
    grants.push(grant);
    await this.secrets.store(GRANTS_KEY, JSON.stringify(grants));
  }

  async remove(sessionId: string): Promise<StoredGrant | undefined> {
    const grants = await this.list();
    const removed = grants.find((g) => g.sessionId === sessionId);
    if (!removed) return undefined;
    const rest = grants.filter((g) => g.sessionId !== sessionId);
    if (rest.length) await this.secrets.store(GRANTS_KEY, JSON.stringify(rest));
    else await this.secrets.delete(GRANTS_KEY);
    return removed;
  }
}

function isStoredGrant(value: unknown): value is StoredGrant {
  const g = value as StoredGrant;
  return (
    typeof g?.sessionId === 'string' &&
    typeof g.account === 'string' &&
    typeof g.refreshToken === 'string' &&
    Array.isArray(g.scopes) &&
    g.scopes.every((s) => typeof s === 'string')
  );
}
