import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { asApiError, getOverview, type ApiError } from '../../api';
import { ApiErrorView, RemoteView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { formatShanghaiTime } from '../../format';
import { useRemote, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession, rolesOf } from '../../session';
import { createApiKey, listApiKeys, revokeApiKey } from '../api';
import { Chips } from '../chips';
import { confirmAction } from '../confirm';
import { useStaffNames } from '../staff-names';
import '../admin.css';

type Created = Awaited<ReturnType<typeof createApiKey>>;

/**
 * Third parties' API keys (admins only; `#keys`): make one for a name, a role
 * and (a manager key) buildings — its secret is shown here once, to copy, and
 * never again; the list shows each key's fingerprint, who made it and when,
 * and revokes one after a confirmation. The API refuses the rest.
 */
export function KeysScreen() {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const isAdmin = session.status === 'ready' && rolesOf(session).includes('admin');
  const nameOf = useStaffNames();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'manager' | 'admin'>('manager');
  const [buildings, setBuildings] = useState<string[]>([]);
  const [created, setCreated] = useState<Created | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const estate = useRemote(queryKeys.overview(openid), getOverview, isAdmin);
  const keys = useRemote(queryKeys.apiKeys(openid), listApiKeys, isAdmin, { staleTimeMs: 0 });
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(openid) });
    } catch (error) {
      setFailure(asApiError(error));
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    act(async () => {
      setCreated(await createApiKey({ name: name.trim(), role, ...(role === 'manager' ? { buildings } : {}) }));
      setName('');
    });
  const revoke = (keyId: string, keyName: string) =>
    act(async () => {
      if (await confirmAction(t('keys.revokeConfirm', { name: keyName }))) await revokeApiKey(keyId);
    });
  const toggle = (id: string) => setBuildings((chosen) => (chosen.includes(id) ? chosen.filter((b) => b !== id) : [...chosen, id]));
  const ready = name.trim() !== '' && (role === 'admin' || buildings.length > 0) && !busy;
  const error = firstError(session);
  const buildingList = estate.status === 'ready' ? estate.data.buildings : [];
  return (
    <View className='page'>
      <View className='page__content'>
        <Text className='page-title'>{t('keys.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        {session.status === 'ready' && !isAdmin ? <Text id='keys-forbidden' className='list-end'>{t('keys.adminsOnly')}</Text> : null}
        {isAdmin ? (
          <View id='keys' className='admin-form'>
            <Text className='admin-item__sub'>{t('keys.intro')}</Text>
            <Input id='key-name' className='form-input' value={name} maxlength={64} placeholder={t('keys.name')} aria-label={t('keys.name')} onInput={(event) => setName(event.detail.value)} />
            <Text className='admin-item__sub'>{t('keys.role')}</Text>
            <Chips id='key-role' label={t('keys.role')} value={role} onChange={setRole} choices={(['manager', 'admin'] as const).map((r) => [`key-role-${r}`, r, t(`keys.roles.${r}`)] as const)} />
            {role === 'manager' ? <Text className='admin-item__sub'>{t('keys.buildings')}</Text> : null}
            {role === 'manager' ? (
              <View id='key-buildings' className='filter-chips' role='group' aria-label={t('keys.buildings')}>
                {buildingList.map((b) => (
                  <Button key={b.id} id={`key-building-${b.id}`} className={`filter-chip${buildings.includes(b.id) ? ' is-active' : ''}`} aria-pressed={buildings.includes(b.id)} onClick={() => toggle(b.id)}>
                    {b.name}
                  </Button>
                ))}
              </View>
            ) : (
              <Text className='admin-item__sub'>{t('keys.adminWarning')}</Text>
            )}
            {failure ? <ApiErrorView error={failure} onRetry={() => setFailure(null)} /> : null}
            <Button id='key-create' className='primary-button' {...(ready ? {} : { disabled: true })} onClick={() => void create()}>
              {t('keys.create')}
            </Button>
          </View>
        ) : null}
        {created ? (
          <View id='key-secret' className='key-secret'>
            <Text className='admin-item__title'>{t('keys.secretTitle', { name: created.name })}</Text>
            <Text className='admin-item__sub'>{t('keys.secretOnce')}</Text>
            <Text className='key-secret__label'>X-Api-Key</Text>
            <Text id='key-secret-id' className='key-secret__value' userSelect>{created.keyId}</Text>
            <Text className='key-secret__label'>{t('keys.secret')}</Text>
            <Text id='key-secret-value' className='key-secret__value' userSelect>{created.secret}</Text>
            <View className='admin-row'>
              <Button id='key-secret-copy' className='secondary-action' onClick={() => void Taro.setClipboardData({ data: `X-Api-Key: ${created.keyId}\nSecret: ${created.secret}` })}>
                {t('keys.copy')}
              </Button>
              <Button id='key-secret-done' className='secondary-action' onClick={() => setCreated(null)}>
                {t('keys.done')}
              </Button>
            </View>
          </View>
        ) : null}
        {isAdmin ? (
          <>
            <Text className='admin-section'>{t('keys.list')}</Text>
            <RemoteView id='key-list' state={keys} isEmpty={(data) => data.items.length === 0} empty={<Text id='key-list-empty' className='list-end'>{t('keys.none')}</Text>}>
              {(data) => (
                <View id='key-list' className='admin-list'>
                  {data.items.map((key) => (
                    <View key={key.keyId} id={`key-${key.keyId}`} className='admin-item' data-revoked={key.revokedAt ? 'true' : 'false'}>
                      <View className='admin-item__main'>
                        <Text className='admin-item__title'>{key.name}</Text>
                        <Text className={`command-status${key.revokedAt ? ' is-failed' : ' is-succeeded'}`}>{key.revokedAt ? t('keys.revoked') : t('keys.active')}</Text>
                      </View>
                      <Text className='admin-item__sub'>{`${t(`keys.roles.${key.role}`)}${key.buildings.length > 0 ? ` · ${key.buildings.map((id) => buildingList.find((b) => b.id === id)?.name ?? id).join('、')}` : ''}`}</Text>
                      <Text className='admin-item__sub'>{t('keys.meta', { id: key.keyId, fingerprint: key.fingerprint })}</Text>
                      <Text className='admin-item__sub'>{t('keys.made', { who: nameOf(key.createdBy), at: formatShanghaiTime(key.createdAt) })}</Text>
                      {key.revokedAt ? (
                        <Text className='admin-item__sub'>{t('keys.revokedAt', { at: formatShanghaiTime(key.revokedAt) })}</Text>
                      ) : (
                        <Button id={`key-revoke-${key.keyId}`} className='secondary-action danger-button' {...(busy ? { disabled: true } : {})} onClick={() => void revoke(key.keyId, key.name)}>
                          {t('keys.revoke')}
                        </Button>
                      )}
                    </View>
                  ))}
                </View>
              )}
            </RemoteView>
          </>
        ) : null}
      </View>
    </View>
  );
}
