import type { ROUTES } from '@prepaid/shared';
import type { input, output, ZodObject, ZodType } from 'zod';
import { requestJson } from './client';

/**
 * The API's routes as the server declares them (`shared/src/api/routes.ts`),
 * as types only: a call's params, query, body and answer are the server's
 * schemas' types, and no schema code enters the bundle.
 */
type Routes = typeof ROUTES;

/** `'GET /v1/meters/{meterId}'`: a route's method and path, as the server's table writes them. */
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${Uppercase<M>} ${P}` : never;

/**
 * The routes by key, built once over the table's indices (an `Extract` over
 * the union of every route, per call, grew too complex for the compiler as
 * the table grew).
 */
type RouteMap = { [I in Exclude<keyof Routes, keyof readonly unknown[]> as KeyOf<Routes[I]>]: Routes[I] };
export type RouteKey = keyof RouteMap;

type RouteOf<K extends RouteKey> = RouteMap[K];

/** `{meterId: string}` for `/v1/meters/{meterId}`. */
type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? { readonly [N in Name]: string } & PathParams<Rest> : unknown;

type ParamsOf<R> = R extends { path: infer P extends string } ? (P extends `${string}{${string}` ? { readonly params: PathParams<P> } : { readonly params?: never }) : never;
type QueryOf<R> = R extends { query: infer Q extends ZodObject } ? { readonly query?: Partial<input<Q>> } : { readonly query?: never };
type BodyOf<R> = R extends { body: infer B extends ZodType } ? { readonly body: input<B> } : { readonly body?: never };

/** What a call of the route takes. */
export type RouteInput<K extends RouteKey> = ParamsOf<RouteOf<K>> & QueryOf<RouteOf<K>> & BodyOf<RouteOf<K>> & { readonly bearerToken?: string; readonly headers?: Readonly<Record<string, string>> };

/** What the route answers (its success schema's output). */
export type RouteAnswer<K extends RouteKey> = RouteOf<K> extends { response: { schema: infer S extends ZodType } } ? output<S> : never;

/**
 * Calls a route of the API, typed end to end from the server's table:
 * `callRoute('GET /v1/meters/{meterId}', { params: { meterId } })` resolves
 * to a `MeterView`. Path params are encoded, an undefined query field is left out.
 */
export function callRoute<K extends RouteKey>(key: K, given: RouteInput<K>): Promise<RouteAnswer<K>> {
  const input = given as { params?: Record<string, string>; query?: Record<string, unknown>; body?: object; bearerToken?: string; headers?: Readonly<Record<string, string>> };
  const space = key.indexOf(' ');
  const method = key.slice(0, space) as 'GET' | 'POST';
  const path = key.slice(space + 1).replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new TypeError(`${key}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = Object.entries(input.query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return requestJson<RouteAnswer<K>>(method, search ? `${path}?${search}` : path, input.body, {
    ...(input.bearerToken === undefined ? {} : { bearerToken: input.bearerToken }),
    ...(input.headers === undefined ? {} : { headers: input.headers }),
  });
}
