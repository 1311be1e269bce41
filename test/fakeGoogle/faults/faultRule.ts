export type FaultKind =
  /** Delays the answer by latencyMs. */
  | 'latency'
  /** Answers 500 or 503 backendError without doing the work. */
  | 'backendError'
  /** Resets the connection as soon as the request has arrived: nothing was done. */
  | 'resetBeforeReply'
  /** Does the work (a send would be sent), then resets the connection instead of answering. */
  | 'resetAfterProcessing'
  /** Does the work and answers 200 with a cut-off JSON body. */
  | 'malformedJson';

/** A fault the fake injects into matching requests; tests push these onto `fake.settings.faults`. */
export interface FaultRule {
  kind: FaultKind;
  /** For backendError: 500 (default) or 503. */
  status?: 500 | 503;
  /** For latency. */
  latencyMs?: number;
  /** Only the next N matching requests (the rule removes itself afterwards); unlimited when absent. */
  times?: number;
  /** Probability per matching request, 0..1 (default 1). */
  fraction?: number;
  /** Matches the URL path: a substring, or a regular expression. */
  path?: string | RegExp;
  /** Matches the HTTP method (GET, POST, ...). */
  method?: string;
}

export interface ChosenFaults {
  latencyMs: number;
  terminal: FaultRule | undefined;
}

/**
 * The faults that apply to one request. Latency rules add up; the first matching terminal rule wins. A rule with
 * `times` counts down only when it fires.
 */
export function chooseFaults(rules: FaultRule[], method: string, path: string, random: () => number = Math.random): ChosenFaults {
  let latencyMs = 0;
  let terminal: FaultRule | undefined;
  for (const rule of [...rules]) {
    if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
    if (rule.path !== undefined && !(typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path))) continue;
    if (rule.kind !== 'latency' && terminal) continue;
    if (rule.fraction !== undefined && random() >= rule.fraction) continue;
    if (rule.kind === 'latency') latencyMs += rule.latencyMs ?? 0;
    else terminal = rule;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) rules.splice(rules.indexOf(rule), 1);
    }
  }
  return { latencyMs, terminal };
}
