import { AppError } from '@prepaid/shared';

type Key = Record<string, string>;

/** What a cursor of one list must look like: exact partition values, sort-key prefixes, no other attributes. */
export interface CursorShape {
  readonly equals: Readonly<Record<string, string>>;
  readonly prefixes: Readonly<Record<string, string>>;
}

/**
 * Opaque list cursors: the DynamoDB LastEvaluatedKey as base64url JSON. A
 * cursor is accepted only with the partition it came from and the expected
 * sort-key prefixes, so a forged cursor cannot page through another meter.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined, shape: CursorShape): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () =>
    new AppError('request.invalid_cursor', 400, 'The cursor is not valid for this list', { details: { field: 'query.cursor' } });
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key as Record<string, unknown>);
  const allowed = new Set([...Object.keys(shape.equals), ...Object.keys(shape.prefixes)]);
  const fits = entries.length === allowed.size && entries.every(([name, value]) => {
    if (typeof value !== 'string' || !allowed.has(name)) return false;
    const exact = shape.equals[name];
    const prefix = shape.prefixes[name];
    return exact !== undefined ? value === exact : prefix !== undefined && value.startsWith(prefix);
  });
  if (!fits) throw invalid();
  return key as Key;
}
