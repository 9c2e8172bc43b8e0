// The slice of Cloudflare's runtime API that worker.mjs uses, so `npx tsc -p server` checks it
// without @cloudflare/workers-types (a large package for four members).
declare module 'cloudflare:workers' {
  interface DurableObjectStorage {
    get<T = unknown>(key: string): Promise<T | undefined>;
    put<T>(key: string, value: T): Promise<void>;
    list<T = unknown>(): Promise<Map<string, T>>;
  }
  export class DurableObject<Env = unknown> {
    ctx: { storage: DurableObjectStorage };
    env: Env;
    constructor(ctx: unknown, env: Env);
  }
}
