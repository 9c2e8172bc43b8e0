// @ts-check
/**
 * Per-group policy hooks (pure). An identity carries groups (static users may list them in the
 * users file; an SSO verifier takes them from the token's claims). The first group in the
 * configuration that the identity belongs to adjusts the base policy: its own rate limit and any
 * session fields it sets (model, instructions prefix, maximum key lifetime). No matching group:
 * the base policy.
 */

/** @typedef {import('./policy.mjs').SessionPolicy} SessionPolicy */
/** @typedef {{ perMinute?: number, session?: SessionPolicy }} GroupPolicy */
/** @typedef {Record<string, GroupPolicy>} GroupsConfig */
/** @typedef {{ session: SessionPolicy, perMinute: number }} EffectivePolicy */

/**
 * @param {EffectivePolicy} base @param {GroupsConfig} groups
 * @returns {(identity: import('./auth.mjs').Identity) => EffectivePolicy}
 */
export function groupPolicy(base, groups) {
  const names = Object.keys(groups);
  /** @type {Map<string, EffectivePolicy>} */
  const merged = new Map(
    names.map((n) => [n, { perMinute: groups[n].perMinute ?? base.perMinute, session: { ...base.session, ...groups[n].session } }]),
  );
  return (identity) => {
    const name = names.find((n) => identity.groups.includes(n));
    return (name && merged.get(name)) || base;
  };
}
