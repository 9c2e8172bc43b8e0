// @ts-check
/**
 * The token server's configuration: an optional JSON file (`--config file` or HARK_TOKEN_CONFIG),
 * then environment variables, which win. See server/token/README.md for every field.
 */

/** @typedef {import('./token-server.mjs').TokenServerOptions} TokenServerOptions */
/**
 * @typedef {{
 *   port?: number, host?: string, upstreamUrl?: string, upstreamKind?: 'openai' | 'azure',
 *   openaiApiKey?: string, users?: TokenServerOptions['users'],
 *   session?: import('./policy.mjs').SessionPolicy, rateLimit?: TokenServerOptions['rateLimit'], callsUrl?: string,
 *   oidc?: TokenServerOptions['oidc'],
 * }} FileConfig
 */

/** `alice=tok1,bob=tok2` → `[{name:'alice', token:'tok1'}, …]`. @param {string} text */
export function parseUsersEnv(text) {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`HARK_TOKEN_USERS: expected name=token, got "${pair.slice(0, 20)}…"`);
      return { name: pair.slice(0, eq).trim(), token: pair.slice(eq + 1).trim() };
    });
}

/** @param {string | undefined} v @param {string} name */
function int(v, name) {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a whole number, got "${v}"`);
  return n;
}

/**
 * @param {{ env: Record<string, string | undefined>, argv: string[], readFile: (path: string) => string }} io
 * @returns {Omit<TokenServerOptions, 'log'>}
 */
export function loadConfig({ env, argv, readFile }) {
  const flag = argv.indexOf('--config');
  const file = flag >= 0 ? argv[flag + 1] : env.HARK_TOKEN_CONFIG;
  /** @type {FileConfig} */
  const json = file ? JSON.parse(readFile(file)) : {};
  const users = env.HARK_TOKEN_USERS ? parseUsersEnv(env.HARK_TOKEN_USERS) : json.users;
  const oidc = oidcConfig(env, json.oidc);
  const openaiApiKey = env.OPENAI_API_KEY || json.openaiApiKey || '';
  if (!openaiApiKey) throw new Error('Set OPENAI_API_KEY (the team key the server mints with).');
  if (!oidc && (!users || (Array.isArray(users) ? users.length : Object.keys(users).length) === 0)) {
    throw new Error('Configure users (or single sign-on: HARK_OIDC_ISSUER + HARK_OIDC_AUDIENCE, docs/sso.md): HARK_TOKEN_USERS=alice=<token>,bob=<token> or "users" in the JSON config.');
  }
  const kind = env.HARK_UPSTREAM_KIND ?? json.upstreamKind;
  if (kind !== undefined && kind !== 'openai' && kind !== 'azure') throw new Error(`HARK_UPSTREAM_KIND: 'openai' or 'azure', got "${kind}"`);
  return {
    port: int(env.PORT, 'PORT') ?? json.port ?? 8788,
    host: env.HOST ?? json.host ?? '127.0.0.1',
    upstreamUrl: env.HARK_UPSTREAM_URL ?? json.upstreamUrl ?? 'https://api.openai.com',
    upstreamKind: kind ?? 'openai',
    callsUrl: env.HARK_CALLS_URL ?? json.callsUrl,
    openaiApiKey,
    users: users ?? [],
    ...(oidc ? { oidc } : {}),
    session: {
      model: env.HARK_MODEL ?? json.session?.model ?? 'gpt-realtime',
      instructionsPrefix: env.HARK_INSTRUCTIONS_PREFIX ?? json.session?.instructionsPrefix ?? '',
      maxDurationSeconds: int(env.HARK_MAX_DURATION_SECONDS, 'HARK_MAX_DURATION_SECONDS') ?? json.session?.maxDurationSeconds ?? 600,
    },
    rateLimit: {
      perMinute: int(env.HARK_RATE_PER_MINUTE, 'HARK_RATE_PER_MINUTE') ?? json.rateLimit?.perMinute ?? 10,
      authFailuresPerMinute: json.rateLimit?.authFailuresPerMinute ?? 20,
    },
  };
}

/**
 * Single sign-on (docs/sso.md): env HARK_OIDC_ISSUER, HARK_OIDC_AUDIENCE, HARK_OIDC_JWKS_URL,
 * HARK_OIDC_GROUPS_CLAIM, HARK_OIDC_ALLOWED_GROUPS (comma-separated) over the JSON's `oidc`
 * (which alone can carry `groupPolicies`). Undefined when neither names an issuer.
 * @param {Record<string, string | undefined>} env @param {TokenServerOptions['oidc']} [json]
 * @returns {TokenServerOptions['oidc']}
 */
function oidcConfig(env, json) {
  const issuer = env.HARK_OIDC_ISSUER || json?.issuer;
  if (!issuer) return undefined;
  const audience = env.HARK_OIDC_AUDIENCE || json?.audience;
  if (!audience) throw new Error('HARK_OIDC_AUDIENCE: set the audience your identity provider puts in access tokens for this server.');
  const groups = env.HARK_OIDC_ALLOWED_GROUPS?.split(',').map((g) => g.trim()).filter(Boolean);
  return {
    ...json,
    issuer,
    audience,
    ...(env.HARK_OIDC_JWKS_URL ? { jwksUrl: env.HARK_OIDC_JWKS_URL } : {}),
    ...(env.HARK_OIDC_GROUPS_CLAIM ? { groupsClaim: env.HARK_OIDC_GROUPS_CLAIM } : {}),
    ...(groups?.length ? { allowedGroups: groups } : {}),
  };
}
