// oidc-provider ships no types (and @types/oidc-provider lags its major versions); tests only.
declare module 'oidc-provider';
