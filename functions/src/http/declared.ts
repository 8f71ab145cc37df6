import { ROUTES, type Role } from '@prepaid/shared';
import * as z from 'zod';
import type { RouteSpec } from './route';

type Declared = (typeof ROUTES)[number];

/** `GET /v1/me`: a route's method (upper case) and path, as serverless.yml and API Gateway name it. */
export type RouteKey = Declared extends infer R ? (R extends { method: infer M extends string; path: infer P extends string } ? `${Uppercase<M>} ${P}` : never) : never;

type RouteOf<K extends string> = K extends `${infer M} ${infer P}` ? Extract<Declared, { method: Lowercase<M>; path: P }> : never;
type BodyOf<R> = R extends { body: infer S extends z.ZodType } ? z.output<S> : undefined;
type QueryOf<R> = R extends { query: infer S extends z.ZodType } ? z.output<S> : Record<string, never>;
type ParamsOf<R> = R extends { params: infer P extends Readonly<Record<string, z.ZodType>> } ? { [K in keyof P]: z.output<P[K]> } : Record<string, never>;
type AuthOf<R> = R extends { auth: null } ? 'public' : R extends { auth: readonly ['user'] } ? 'user' : readonly Role[];

/** The handler's spec of a declared route: its auth, and the schemas that validate its params, query and body. */
export type DeclaredSpec<K extends RouteKey> = RouteSpec<BodyOf<RouteOf<K>>, ParamsOf<RouteOf<K>>, QueryOf<RouteOf<K>>, AuthOf<RouteOf<K>>> & { readonly key: K };

/**
 * The one declaration of a route (shared/src/api/routes.ts) as its handler's
 * spec: who may call it and the schemas that validate it. The OpenAPI
 * document, the app's typed client and serverless.yml's events (checked by
 * a test) come from the same entry, so none can drift from what the handler
 * enforces.
 */
export function declared<K extends RouteKey>(key: K): DeclaredSpec<K> {
  const [method, path] = key.split(' ') as [string, string];
  const doc = (ROUTES as readonly Declared[]).find((route) => route.method === method.toLowerCase() && route.path === path) as
    | { auth: null | readonly string[]; body?: z.ZodType; query?: z.ZodType; params?: Record<string, z.ZodType> }
    | undefined;
  if (!doc) throw new Error(`No route "${key}" is declared in shared/src/api/routes.ts`);
  const auth = doc.auth === null ? 'public' : doc.auth.length === 1 && doc.auth[0] === 'user' ? 'user' : (doc.auth as readonly Role[]);
  return {
    key,
    auth,
    ...(doc.body ? { body: doc.body } : {}),
    ...(doc.query ? { query: doc.query } : {}),
    ...(doc.params ? { params: z.object(doc.params) } : {}),
  } as unknown as DeclaredSpec<K>;
}
