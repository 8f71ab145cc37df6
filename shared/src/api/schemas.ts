import { z } from 'zod';

/**
 * Request and response shapes of the public API (see ../shared/CONTRACT.md).
 * Handlers validate with these; the mini-program imports the inferred types.
 */

export const MeterId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must match [A-Za-z0-9_-]{1,40}');
export const Utility = z.enum(['electricity', 'water']);
export type Utility = z.infer<typeof Utility>;
export const Role = z.enum(['tenant', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  stage: z.string(),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const LoginRequest = z.strictObject({
  code: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string(),
  openid: z.string(),
  roles: z.array(Role),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z.object({
  openid: z.string(),
  roles: z.array(Role),
  name: z.string().nullable(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const Reading = z.object({
  value: z.number().int(),
  unit: z.enum(['Wh', 'L']),
  at: z.string(),
});
export type Reading = z.infer<typeof Reading>;

export const MeterView = z.object({
  id: MeterId,
  utility: Utility,
  balanceFen: z.number().int(),
  supply: z.enum(['on', 'off']),
  keepOn: z.boolean(),
  lastReading: Reading.nullable(),
  online: z.boolean(),
  room: z.string().nullable(),
  building: z.string().nullable(),
  tariffName: z.string().nullable(),
});
export type MeterView = z.infer<typeof MeterView>;

/** `{"items":[…], "next": "<cursor>" | null}` */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });
export interface List<T> {
  items: T[];
  next: string | null;
}

export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string() }).loose(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
