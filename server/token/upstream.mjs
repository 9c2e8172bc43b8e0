// @ts-check
/**
 * The one call that spends the team's key: POST {upstream}/…/realtime/client_secrets. Maps what
 * comes back to what the user should see: 400/403/429 passed through (the client can act on
 * them), a 401 (the server's key is wrong), 5xx, timeout or no answer → 502 (the user's token was
 * fine; the server is not). Runtime-neutral: fetch + WebCrypto.
 */

/** @typedef {{ message: string, type?: string, param?: string | null, code?: string | null }} ApiError */
/**
 * @typedef {{ ok: true, data: Record<string, any> }
 *   | { ok: false, status: number, text: string, retryAfter: string | null }
 *   | { ok: false, status: 502, error: ApiError }} MintResult
 */

/**
 * @param {{ upstreamUrl?: string, upstreamKind?: 'openai' | 'azure', apiKey: string, callsUrl?: string, timeoutMs?: number, fetch?: typeof fetch }} o
 */
export function upstreamMinter({ upstreamUrl = 'https://api.openai.com', upstreamKind = 'openai', apiKey, callsUrl, timeoutMs = 15_000, fetch: doFetch = fetch }) {
  const base = upstreamUrl.replace(/\/+$/, '');
  const apiPrefix = upstreamKind === 'azure' ? `${base}/openai/v1` : `${base}/v1`;
  const mintUrl = `${apiPrefix}/realtime/client_secrets`;
  /** @type {Record<string, string>} */
  const auth = upstreamKind === 'azure' ? { 'api-key': apiKey } : { Authorization: `Bearer ${apiKey}` };
  return {
    callsUrl: callsUrl ?? `${apiPrefix}/realtime/calls`,
    /** @param {object} body the policy-checked request @param {string} user @returns {Promise<MintResult>} */
    async mint(body, user) {
      /** @type {Response} */
      let res;
      try {
        res = await doFetch(mintUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...auth, 'OpenAI-Safety-Identifier': await safetyId(user) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const what = err instanceof Error && err.name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
        return { ok: false, status: 502, error: { message: `The upstream Realtime API ${what}.`, type: 'server_error', code: 'upstream_unreachable' } };
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        if (res.status === 401 || res.status >= 500) {
          const why = res.status === 401 ? "rejected the token server's API key" : `failed (HTTP ${res.status})`;
          return { ok: false, status: 502, error: { message: `The upstream Realtime API ${why}. Tell your Hark administrator.`, type: 'server_error', code: 'upstream_error' } };
        }
        return { ok: false, status: res.status, text, retryAfter: res.headers.get('retry-after') };
      }
      try {
        const data = JSON.parse(text);
        if (typeof data?.value !== 'string') throw new Error('no value');
        return { ok: true, data };
      } catch {
        return { ok: false, status: 502, error: { message: 'The upstream Realtime API answered with something unexpected.', type: 'server_error', code: 'upstream_error' } };
      }
    },
  };
}

/** Lets the provider attribute abuse to an end user without learning who it is. @param {string} user */
async function safetyId(user) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`hark:${user}`)));
  return Array.from(d.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
