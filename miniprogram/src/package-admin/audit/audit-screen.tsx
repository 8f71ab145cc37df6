import { Text, View } from '@tarojs/components';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { formatShanghaiTime } from '../../format';
import { useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { listAudit } from '../api';
import { PagedList } from '../paged-list';
import { actionKey, describeFields } from './describe';
import { useStaffNames } from '../staff-names';
import '../admin.css';

/**
 * A building's audit log (`#audit`): every staff action that changed
 * something, newest first — who, when, what was asked, before and after.
 * Read-only: no route edits it.
 */
export function AuditScreen({ buildingId }: { buildingId: string }) {
  const { t } = useT();
  const nameOf = useStaffNames();
  const words = { t: (key: string, options: { defaultValue: string } & Record<string, unknown>) => t(key as 'admin.audit.title', options), nameOf };
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const entries = useRemotePages(queryKeys.adminAudit(openid, buildingId), (cursor) => listAudit(buildingId, cursor), openid !== '' && buildingId !== '');
  const error = firstError(session) ?? (entries.status === 'error' ? entries.error : null);
  return (
    <View className='page page--admin-audit'>
      <View className='page__content'>
        <Text className='page-title'>{t('admin.audit.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); entries.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <PagedList id='audit' pages={entries} empty={t('admin.audit.empty')}>
          {(entry) => (
          <View key={entry.id} id={`audit-${entry.id}`} className='admin-item'>
            <View className='admin-item__main'>
              <Text className='admin-item__title audit-action' data-route={entry.action}>
                {actionKey(entry.action) ? t(`admin.audit.actions.${actionKey(entry.action)}` as 'admin.audit.actions.payment') : entry.action}
              </Text>
              {entry.meterId ? <Text className='admin-item__sub'>{entry.meterId}</Text> : null}
            </View>
            <Text className='admin-item__sub'>{t('admin.audit.by', { actor: nameOf(entry.actor), at: formatShanghaiTime(entry.at) })}</Text>
            {([['request', entry.request], ['before', entry.before], ['after', entry.after]] as const).map(([part, value]) => {
              const line = describeFields(value, words);
              return line === '' ? null : <Text key={part} className={`admin-item__sub audit-${part}`}>{`${t(`admin.audit.${part}`)}：${line}`}</Text>;
            })}
          </View>
          )}
        </PagedList>
      </View>
    </View>
  );
}
