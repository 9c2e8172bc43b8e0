/** What the options page and the worker exchange about "Sign in with your organisation" (docs/sso.md). */

/** What the administrator gives the user (none of it secret). */
export interface SignInConfig {
  issuer: string;
  clientId: string;
  /** The token server's audience, sent as `resource` (RFC 8707) and `audience` (Auth0); empty: the provider's default. */
  audience: string;
}

/** Who is signed in (never a token). */
export interface SignInStatus {
  config: SignInConfig | null;
  /** `sub` of the current access token, when signed in. */
  user: string | null;
  /** When the access token expires (ms since epoch). */
  expiresAt: number | null;
  /** The token server origin the token is bound to. */
  origin: string | null;
}
