import type * as z from 'zod';
import { AppError } from '../errors';
import { Tariff } from './schema';

/**
 * Validates a tariff body (from a request or from storage) and returns it typed.
 *
 * @throws AppError `tariff.invalid` (400) with `details.field`, the dotted path
 *   of the first offending field (`kind`, `tiers.2.upTo`, `schedule`, …), and
 *   `details.issues`, up to 10 `{field, message}`.
 * @example parseTariff({ name: '平价', utility: 'electricity', kind: 'flat', price: '0.60' })
 */
export function parseTariff(body: unknown): Tariff {
  const result = Tariff.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 10).map((issue) => ({ field: issueField(issue), message: issue.message }));
  const first = issues[0] ?? { field: '', message: 'invalid tariff' };
  throw new AppError('tariff.invalid', 400, `${first.field || 'tariff'}: ${first.message}`, {
    details: { field: first.field, issues },
  });
}

function issueField(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  // An unknown key is reported on its parent object: name the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path.join('.');
}
