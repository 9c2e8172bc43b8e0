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
  const openaiApiKey = env.OPENAI_API_KEY || json.openaiApiKey || '';
  if (!openaiApiKey) throw new Error('Set OPENAI_API_KEY (the team key the server mints with).');
  if (!users || (Array.isArray(users) ? users.length : Object.keys(users).length) === 0) {
    throw new Error('Configure users: HARK_TOKEN_USERS=alice=<token>,bob=<token> or "users" in the JSON config.');
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
    users,
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
