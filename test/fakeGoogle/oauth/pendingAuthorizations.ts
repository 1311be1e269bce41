import { randomBytes } from 'node:crypto';

/** An authorization request waiting for the user's answer on the consent page. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  codeChallenge: string;
  offline: boolean;
  forceConsent: boolean;
  includeGrantedScopes: boolean;
  loginHint: string | undefined;
  expiresAt: number;
}

const PENDING_LIFETIME_MS = 10 * 60 * 1000;

/** Consent requests by a random id, so the form cannot be replayed or have its parameters changed. */
export class PendingAuthorizations {
  private readonly requests = new Map<string, AuthorizationRequest>();

  constructor(private readonly now: () => number) {}

  add(request: Omit<AuthorizationRequest, 'expiresAt'>): string {
    const id = randomBytes(16).toString('hex');
    this.requests.set(id, { ...request, expiresAt: this.now() + PENDING_LIFETIME_MS });
    return id;
  }

  /** Single use: the request is gone once answered. */
  take(id: string): AuthorizationRequest | undefined {
    const request = this.requests.get(id);
    this.requests.delete(id);
    return request && request.expiresAt > this.now() ? request : undefined;
  }
}
