// @ts-check
/**
 * The token server's configuration: an optional JSON file (`--config file` or HARK_TOKEN_CONFIG),
 * then environment variables, which win. Validated at start (zod) so a mistake stops the server
 * with a message naming the setting, never a token. See server/token/README.md for every field.
 */
import { z } from 'zod';

const count = (/** @type {string} */ what) => z.number({ error: `${what}: expected a whole number` }).int(`${what}: expected a whole number`).min(0, `${what}: must be 0 or more`);
const session = z.strictObject({
  model: z.string().min(1).optional(),
  instructionsPrefix: z.string().optional(),
  maxDurationSeconds: count('maxDurationSeconds').optional(),
});
const usersShape = z.union([
  z.record(z.string(), z.string()),
  z.array(z.strictObject({ name: z.string().min(1), token: z.string().min(1).optional(), tokenSha256: z.string().optional(), groups: z.array(z.string()).optional() })),
]);

export const ConfigSchema = z.strictObject({
  port: count('port').max(65535, 'port: at most 65535'),
  host: z.string().min(1),
  upstreamUrl: z.url({ protocol: /^https?$/, error: 'upstreamUrl: expected an http(s) URL' }),
  upstreamKind: z.enum(['openai', 'azure'], { error: "upstreamKind (HARK_UPSTREAM_KIND): 'openai' or 'azure'" }),
  callsUrl: z.url({ protocol: /^https?$/ }).optional(),
  openaiApiKey: z.string().min(1, 'Set OPENAI_API_KEY (the team key the server mints with).'),
  users: usersShape.optional(),
  usersFile: z.string().min(1).optional(),
  usersPollMs: count('usersPollMs').min(100).max(60_000),
  session: session,
  rateLimit: z.strictObject({ perMinute: count('perMinute'), authFailuresPerMinute: count('authFailuresPerMinute') }),
  groups: z.record(z.string(), z.strictObject({ perMinute: count('perMinute').optional(), session: session.optional() })).optional(),
  redisUrl: z.url({ protocol: /^rediss?$/, error: 'REDIS_URL: expected redis://host:port or rediss://…' }).optional(),
  adminToken: z.string().min(16, 'HARK_ADMIN_TOKEN: use at least 16 random characters').optional(),
  trustProxy: count('HARK_TRUST_PROXY (trusted proxy hops)').max(10),
  graceMs: count('HARK_GRACE_MS').max(120_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  // Single sign-on (auth-oidc.mjs, docs/sso.md); checked there, by jose and the provider's discovery.
  oidc: z.looseObject({ issuer: z.url(), audience: z.string().min(1) }).optional(),
});
/** @typedef {z.infer<typeof ConfigSchema>} Config */

/** `alice=tok1,bob=tok2` → `[{name:'alice', token:'tok1'}, …]`. @param {string} text */
export function parseUsersEnv(text) {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`HARK_TOKEN_USERS: expected name=token, got "${pair.slice(0, 3)}…"`);
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
 * @returns {Config}
 */
export function loadConfig({ env, argv, readFile }) {
  const flag = argv.indexOf('--config');
  const file = flag >= 0 ? argv[flag + 1] : env.HARK_TOKEN_CONFIG;
  /** @type {Record<string, any>} */
  let json = {};
  if (file) {
    try {
      json = JSON.parse(readFile(file));
    } catch (e) {
      // Never V8's message: it quotes the file, which may hold tokens.
      throw new Error(`config file ${file}: ${e instanceof SyntaxError ? 'not valid JSON' : 'cannot be read'}`);
    }
  }
  const users = env.HARK_TOKEN_USERS ? parseUsersEnv(env.HARK_TOKEN_USERS) : json.users;
  const usersFile = env.HARK_USERS_FILE || json.usersFile;
  const openaiApiKey = env.OPENAI_API_KEY || json.openaiApiKey || '';
  if (!openaiApiKey) throw new Error('Set OPENAI_API_KEY (the team key the server mints with).');
  const oidc = oidcConfig(env, json.oidc);
  if (!oidc && !usersFile && (!users || (Array.isArray(users) ? users.length : Object.keys(users).length) === 0)) {
    throw new Error('Configure users: HARK_TOKEN_USERS=alice=<token>,bob=<token>, "users" in the JSON config, HARK_USERS_FILE=<users.json>, or single sign-on (HARK_OIDC_ISSUER + HARK_OIDC_AUDIENCE, docs/sso.md).');
  }
  const candidate = {
    port: int(env.PORT, 'PORT') ?? json.port ?? 8788,
    host: env.HOST ?? json.host ?? '127.0.0.1',
    upstreamUrl: env.HARK_UPSTREAM_URL ?? json.upstreamUrl ?? 'https://api.openai.com',
    upstreamKind: env.HARK_UPSTREAM_KIND ?? json.upstreamKind ?? 'openai',
    callsUrl: env.HARK_CALLS_URL ?? json.callsUrl,
    openaiApiKey,
    users,
    usersFile,
    usersPollMs: int(env.HARK_USERS_POLL_MS, 'HARK_USERS_POLL_MS') ?? json.usersPollMs ?? 1000,
    session: {
      model: env.HARK_MODEL ?? json.session?.model ?? 'gpt-realtime',
      instructionsPrefix: env.HARK_INSTRUCTIONS_PREFIX ?? json.session?.instructionsPrefix ?? '',
      maxDurationSeconds: int(env.HARK_MAX_DURATION_SECONDS, 'HARK_MAX_DURATION_SECONDS') ?? json.session?.maxDurationSeconds ?? 600,
    },
    rateLimit: {
      perMinute: int(env.HARK_RATE_PER_MINUTE, 'HARK_RATE_PER_MINUTE') ?? json.rateLimit?.perMinute ?? 10,
      authFailuresPerMinute: int(env.HARK_AUTH_FAILURES_PER_MINUTE, 'HARK_AUTH_FAILURES_PER_MINUTE') ?? json.rateLimit?.authFailuresPerMinute ?? 20,
    },
    groups: json.groups,
    redisUrl: env.REDIS_URL || json.redisUrl || undefined,
    adminToken: env.HARK_ADMIN_TOKEN || json.adminToken || undefined,
    trustProxy: int(env.HARK_TRUST_PROXY, 'HARK_TRUST_PROXY') ?? json.trustProxy ?? 0,
    graceMs: int(env.HARK_GRACE_MS, 'HARK_GRACE_MS') ?? json.graceMs ?? 10_000,
    logLevel: env.LOG_LEVEL ?? json.logLevel ?? 'info',
    ...(oidc ? { oidc } : {}),
  };
  const parsed = ConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    // Paths and messages only: zod's default output would echo the rejected values (tokens, keys).
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * Single sign-on (docs/sso.md): env HARK_OIDC_ISSUER, HARK_OIDC_AUDIENCE, HARK_OIDC_JWKS_URL,
 * HARK_OIDC_GROUPS_CLAIM, HARK_OIDC_ALLOWED_GROUPS (comma-separated) over the JSON's `oidc`
 * (which alone can carry `groupPolicies`). Undefined when neither names an issuer.
 * @param {Record<string, string | undefined>} env @param {Record<string, any> | undefined} json
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
