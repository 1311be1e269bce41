import type { IncomingHttpHeaders } from 'node:http';

/** One request as the routes see it, plus what they report back for the request log. */
export class RequestContext {
  account: string | undefined;
  quotaUnits = 0;
  note: string | undefined;

  constructor(
    readonly method: string,
    readonly url: URL,
    readonly headers: IncomingHttpHeaders,
    readonly body: Buffer,
  ) {}

  /** application/x-www-form-urlencoded body (OAuth endpoints and the consent form). */
  form(): URLSearchParams {
    const type = String(this.headers['content-type'] ?? '');
    if (this.body.length === 0 || !type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
    return new URLSearchParams(this.body.toString('utf8'));
  }
}
