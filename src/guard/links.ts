import LinkifyIt from 'linkify-it';
import tlds from 'tlds';

/**
 * Links in mail text: found with linkify-it (the full IANA TLD list plus the special-use and private names
 * companies use internally, so "attacker@corp.internal" is still an address), parsed with WHATWG URL.
 * Tracking parameters are removed from what the model sees; the target itself stays visible, because the
 * model needs the real destination to tell the user where a link goes.
 */
const SPECIAL_USE_TLDS = ['example', 'test', 'invalid', 'localhost', 'local', 'internal', 'intranet', 'corp', 'home', 'lan', 'private'];

/** Every top-level domain an address or link may end in: IANA's list and the special-use names above. */
export const KNOWN_TLDS: ReadonlySet<string> = new Set([...tlds, ...SPECIAL_USE_TLDS]);

export const linkify = new LinkifyIt({}, { fuzzyEmail: true, fuzzyLink: true, fuzzyIP: false }).tlds([...KNOWN_TLDS]);

const TRACKING_PARAM = /^(utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|li_fat_id|igshid|mc_cid|mc_eid|_hsenc|_hsmi|__hssc|__hstc|__hsfp|hsctatracking|mkt_tok|oly_anon_id|oly_enc_id|vero_id|vero_conv|_kx|_ke|rb_clickid|s_cid|ss_source|ss_campaign_id|spm|trk|trkcampaign|sc_cid|wickedid|cmpid|ncid|ml_subscriber|ml_subscriber_hash|ck_subscriber_id|__s|elqtrackid|elqtrack|mkwid|pk_campaign|pk_kwd|piwik_campaign|piwik_kwd|matomo_campaign|mtm_[a-z_]+)$/i;

// Cheap pre-check so linkify only runs over text that has a tracking parameter somewhere.
const TRACKING_PARAM_IN_TEXT = new RegExp(`[?&;](?:${TRACKING_PARAM.source.slice(2, -2)})=`, 'i');

export function mayHaveTrackingParams(text: string): boolean {
  return TRACKING_PARAM_IN_TEXT.test(text);
}

export interface CleanedUrl {
  url: string;
  trackingParamsRemoved: number;
}

/** The URL without tracking parameters; unparseable input comes back unchanged. */
export function stripTrackingParams(raw: string): CleanedUrl {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { url: raw, trackingParamsRemoved: 0 };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { url: raw, trackingParamsRemoved: 0 };
  const names = [...new Set([...parsed.searchParams.keys()])].filter((name) => TRACKING_PARAM.test(name));
  if (names.length === 0) return { url: raw, trackingParamsRemoved: 0 };
  let removed = 0;
  for (const name of names) {
    removed += parsed.searchParams.getAll(name).length;
    parsed.searchParams.delete(name);
  }
  return { url: parsed.toString().replace(/\?$/, ''), trackingParamsRemoved: removed };
}

export interface LinkCleanResult {
  text: string;
  trackingParamsRemoved: number;
}

/** Every http(s) link in plain text with its tracking parameters removed. */
export function stripTrackingParamsInText(text: string): LinkCleanResult {
  if (!TRACKING_PARAM_IN_TEXT.test(text)) return { text, trackingParamsRemoved: 0 };
  const matches = linkify.match(text);
  if (!matches) return { text, trackingParamsRemoved: 0 };
  let out = '';
  let cursor = 0;
  let trackingParamsRemoved = 0;
  for (const match of matches) {
    if (match.schema === 'mailto:') continue;
    const cleaned = stripTrackingParams(match.url);
    if (cleaned.trackingParamsRemoved === 0) continue;
    trackingParamsRemoved += cleaned.trackingParamsRemoved;
    out += text.slice(cursor, match.index);
    // A fuzzy match ("shop.example/x?utm_source=y") keeps its scheme-less spelling.
    out += /^[a-z][a-z0-9+.-]*:/i.test(match.raw) ? cleaned.url : cleaned.url.replace(/^https?:\/\//, '');
    cursor = match.lastIndex;
  }
  return { text: out + text.slice(cursor), trackingParamsRemoved };
}

/** Schemes that run code or carry a payload instead of pointing somewhere. */
export function isDangerousScheme(href: string): boolean {
  return /^\s*(javascript|vbscript|data|file):/i.test(href);
}

export function isRemoteUrl(src: string): boolean {
  return /^\s*(https?:)?\/\//i.test(src);
}
