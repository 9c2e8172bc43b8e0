/**
 * A small kit of field validators that carry their TypeScript type, so one table can both check
 * a server event at runtime and name its type (lib/realtime/server-events.ts): the validator and
 * the type cannot drift apart. No schema library: the extension bundles none, and the handful of
 * shapes Hark reads do not need one.
 */

/** Where a value went wrong (`.item.content[0].text`, '' = the value itself) and what it should be. */
export interface Problem {
  path: string;
  want: string;
}

/** Checks one value; `_type` is never set, it only carries the type the check proves. */
export interface Field<T> {
  check(v: unknown): Problem | null;
  /** Stands in for an absent (null or missing) value of a top-level field. */
  readonly fill?: T;
  readonly _type?: T;
}

export type Infer<F> = F extends Field<infer T> ? T : never;

/** An object's fields; a field whose type admits `undefined` is optional. */
export type Shape = Record<string, Field<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] } & {};
export type ShapeOf<S extends Shape> = Flat<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A server object read field by field without trusting it (null when it is not an object). */
export const record = (v: unknown): Readonly<Record<string, unknown>> | null => (isRecord(v) ? v : null);

const wanted = (want: string): Problem => ({ path: '', want });
const field = <T>(check: (v: unknown) => Problem | null, fill?: T): Field<T> => (fill === undefined ? { check } : { check, fill });

export const str: Field<string> = field((v) => (typeof v === 'string' ? null : wanted('a string')));

/** A finite number (a token count, a duration). */
export const num: Field<number> = field((v) => (typeof v === 'number' && Number.isFinite(v) ? null : wanted('a number')));

/** Exactly `value`: the tag of one variant (`type: 'tokens'`). */
export const literal = <T extends string>(value: T): Field<T> => field((v) => (v === value ? null : wanted(JSON.stringify(value))));

/**
 * An id. Ids become keys of plain objects (the transcript's `byId`); one that names a property
 * every object has ("__proto__", "constructor", "toString") would alias it. Real ids never do.
 */
export const id: Field<string> = field((v) => (typeof v !== 'string' ? wanted('a string') : v in Object.prototype ? wanted('an id') : null));

/** Read by Hark, but only through its own checks (`record`, `typeof`): any value passes. */
export const loose: Field<unknown> = field(() => null);

/** Any JSON object, its fields unknown. */
export const bag: Field<Readonly<Record<string, unknown>>> = field((v) => (isRecord(v) ? null : wanted('an object')));

/** Absent, null, or fitting `f`. */
export const opt = <T>(f: Field<T>): Field<T | null | undefined> => field((v) => (v == null ? null : f.check(v)));

/** A string that may be absent; absent becomes `''`. */
export const orEmpty: Field<string> = field((v) => (v == null ? null : str.check(v)), '');

export const list = <T>(f: Field<T>): Field<T[]> =>
  field((v) => {
    if (!Array.isArray(v)) return wanted('a list');
    for (const [i, x] of v.entries()) {
      const wrong = f.check(x);
      if (wrong) return { ...wrong, path: `[${i}]${wrong.path}` };
    }
    return null;
  });

/** The first listed field of `v` that does not fit `shape`, or null. */
export function mismatch(v: Readonly<Record<string, unknown>>, shape: Shape): Problem | null {
  for (const [key, f] of Object.entries(shape)) {
    const wrong = f.check(v[key]);
    if (wrong) return { ...wrong, path: `.${key}${wrong.path}` };
  }
  return null;
}

/** The first of `fields` that fits; a value fitting none is reported against the first. */
export const oneOf = <F extends Field<unknown>[]>(...fields: F): Field<Infer<F[number]>> =>
  field((v) => (fields.some((f) => f.check(v) === null) ? null : (fields[0]?.check(v) ?? wanted('a known variant'))));

/** Whether `v` fits `f`: the type guard for a value read from outside (an event, storage, a message). */
export const fits = <T>(f: Field<T>, v: unknown): v is T => f.check(v) === null;

/** An object whose listed fields fit; its other fields are kept, untyped. */
export const obj = <S extends Shape>(shape: S): Field<ShapeOf<S>> => field((v) => (isRecord(v) ? mismatch(v, shape) : wanted('an object')));
