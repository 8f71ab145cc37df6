import { queryKeys } from '../data';
import { useRemote, useSession } from '../hooks';
import { useT } from '../i18n';
import { listStaff } from './api';

/** Staff names change rarely: the directory is read once in ten minutes. */
const DIRECTORY_FRESH_MS = 10 * 60_000;

/**
 * Who an operator id is, in words (`user:<openid>` → the member's name,
 * `（我）` for the caller; `system`; `key:<id>` an API key; anyone else —
 * a tenant — by the end of their id). Reads the staff directory once and
 * shares it across the admin pages; until it answers, ids are shortened.
 */
export function useStaffNames(): (actor: string | null | undefined) => string {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const directory = useRemote(queryKeys.staff(openid), listStaff, openid !== '', { staleTimeMs: DIRECTORY_FRESH_MS });
  const names = new Map(directory.status === 'ready' ? directory.data.items.map((member) => [member.actor, member.name] as const) : []);
  return (actor) => {
    if (!actor) return '—';
    if (actor === 'system') return t('admin.staff.system');
    if (actor.startsWith('key:')) return t('admin.staff.key', { id: actor.slice(4) });
    const me = actor === `user:${openid}` ? t('admin.staff.me') : '';
    const name = names.get(actor);
    if (name) return `${name}${me}`;
    const id = actor.startsWith('user:') ? actor.slice(5) : actor;
    return `${names.has(actor) ? t('admin.staff.unnamed') : t('admin.staff.user')} …${id.slice(-6)}${me}`;
  };
}
