/**
 * Credentials recognisable by their shape: vendor prefixes, private key blocks, Authorization
 * headers, webhook URLs, and machine-made values after a key-like name ("api_key=…").
 */
import { groupStart, scan, type Span } from './spans';

/**
 * Vendor tokens, anchored so they are not the tail of a longer identifier. Prefixes that also start
 * ordinary identifiers (sk-, npm_, hf_, xox…) must contain a digit, which real tokens always do.
 * Stripe publishable keys (pk_live_) are left alone: they are public by design and sit in the
 * source of every checkout page.
 */
const VENDOR_TOKEN = new RegExp(
  String.raw`(?<![A-Za-z0-9_-])(?:` +
    [
      String.raw`sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}`, // OpenAI, Anthropic
      String.raw`ek_[A-Za-z0-9]{20,}`, // OpenAI Realtime ephemeral keys
      String.raw`(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}`, // Stripe secret and restricted keys
      String.raw`whsec_[A-Za-z0-9]{20,}`, // Stripe webhook signing secret
      String.raw`gh[pousr]_[A-Za-z0-9]{30,}`, // GitHub classic, OAuth, user, server, refresh
      String.raw`github_pat_[A-Za-z0-9_]{22,}`,
      String.raw`gl(?:pat|dt|rt|ptt|cbt|oas|ft|imt|soat)-[A-Za-z0-9_-]{20,}`, // GitLab
      String.raw`npm_[A-Za-z0-9]{30,}`,
      String.raw`hf_[A-Za-z0-9]{30,}`, // Hugging Face
      String.raw`xox[abposre]-[A-Za-z0-9-]{10,}`, // Slack
      String.raw`xapp-\d-[A-Za-z0-9-]{10,}`,
      String.raw`(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[0-9A-Z]{16}(?![A-Za-z0-9])`, // AWS key ids
      String.raw`AIza[0-9A-Za-z_-]{35}`, // Google API key
      String.raw`ya29\.[0-9A-Za-z_-]{20,}`, // Google OAuth access token
      String.raw`GOCSPX-[A-Za-z0-9_-]{20,}`, // Google OAuth client secret
      String.raw`SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`, // SendGrid
      String.raw`shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}`, // Shopify
      String.raw`do[por]_v1_[a-f0-9]{64}`, // DigitalOcean
      // JWT / JWS (header.payload.signature) and JWE (five parts).
      String.raw`eyJ[A-Za-z0-9_-]{8,}\.(?:eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*|[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})(?:\.[A-Za-z0-9_-]+){0,2}`,
    ].join('|') +
    ')',
  'g',
);
const NEEDS_DIGIT = /^(?:sk-|ek_|npm_|hf_|xox)/;

/**
 * A private key block, to its END line or to the first character no PEM body has. Backslashes
 * count as body: keys shown inside JSON (service-account files) have their line breaks as "\\n".
 */
const PEM =
  /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s:,.\\-]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|(?=[^A-Za-z0-9+/=\s:,.\\-])|$)/g;

/** Webhook URLs carry their secret in the path. */
const WEBHOOK =
  /(hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/)([A-Za-z0-9_/-]{20,})/g;

/** "Bearer <token>" / "Authorization: Basic <base64>": the word stays so the sentence still reads. */
const BEARER = /(?<![A-Za-z0-9])(Bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/gi;
const BASIC = /(Authorization["']?\s*[:=]\s*["']?Basic\s+)([A-Za-z0-9+/]{12,}={0,2})/gi;

/**
 * Values after a key-like name ("api_key=…", "X-API-Key: …", "client_secret": "…"). Only
 * machine-made values (long, letters and digits) count, so "token: expired", "key: value" and
 * "apiKey = process.env.API_KEY" stay readable. Starts only where a name starts, so a long run of
 * "a-a-a-…" is tried once, not from every hyphen.
 */
const KEY_VALUE =
  /(?<![A-Za-z0-9_-])((?:[A-Za-z0-9]+[_-])*(?:api[_-]?key|apikey|key|token|secret|passw(?:or)?d|pwd|credentials?|auth|session(?:[_-]?id)?|sessid|sid|cookie)["']?\s*(?:=>|[:=])\s*["']?)([^\s"'&,;<>=]*[^\s"'&,;<>.)\]=])/gi;

const machineMade = (v: string) => v.length >= 10 && /\d/.test(v) && /[A-Za-z]/.test(v);

export function findTokens(text: string): Span[] {
  const group = (g: number) => (m: RegExpExecArray): [number, number] => {
    const s = groupStart(m, g);
    return [s, s + m[g]!.length];
  };
  return [
    ...scan(PEM, text, 'secret'),
    ...scan(VENDOR_TOKEN, text, 'secret', (m) =>
      NEEDS_DIGIT.test(m[0]) && !/\d/.test(m[0].slice(3)) ? null : [m.index, m.index + m[0].length],
    ),
    ...scan(WEBHOOK, text, 'secret', group(2)),
    ...scan(BEARER, text, 'secret', group(2)),
    ...scan(BASIC, text, 'secret', group(2)),
    ...scan(KEY_VALUE, text, 'secret', (m) => (machineMade(m[2]!) ? group(2)(m) : null), (m) => groupStart(m, 2)),
  ];
}
