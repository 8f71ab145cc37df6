import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { AdminMeterView, MeterFilter } from '@prepaid/shared';
import { useState } from 'react';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { describeSupply, formatBalance } from '../../format';
import { useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { ensureSession } from '../../session';
import { listAdminMeters } from '../api';
import { PagedList } from '../paged-list';
import '../admin.css';

/**
 * The filters, as the API's schema lists them (a type-checked copy: importing
 * the list itself would bring the shared package's schema code into the
 * mini-program, shared by two subpackages and so into the main package).
 */
const METER_FILTERS = ['low_balance', 'arrears', 'cut', 'keep_on', 'offline', 'alarm'] as const satisfies readonly MeterFilter[];
/** Fails to compile when the API gains a filter this list lacks. */
const EVERY_FILTER: [Exclude<MeterFilter, (typeof METER_FILTERS)[number]>] extends [never] ? true : never = true;
void EVERY_FILTER;

const isFilter = (value: string | undefined): value is MeterFilter => METER_FILTERS.some((filter) => filter === value);

/**
 * The manager's meters (`#admin-meters`): filter chips by state
 * (`#filter-<state>`), a search by room or meter id (`#meter-search`), a
 * page at a time (`#admin-meters-more`); each opens the meter's page.
 */
export function MetersScreen({ initialFilter, buildingId }: { initialFilter?: string; buildingId?: string }) {
  const { t, language } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const [filter, setFilter] = useState<MeterFilter | undefined>(isFilter(initialFilter) ? initialFilter : undefined);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const meters = useRemotePages(
    [...queryKeys.adminMeters(openid, filter ?? 'all', q), buildingId ?? ''],
    (cursor) => listAdminMeters({ ...(buildingId ? { buildingId } : {}), ...(filter ? { filter } : {}), ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) }),
    openid !== '',
  );
  const error = firstError(session) ?? (meters.status === 'error' ? meters.error : null);
  return (
    <View className='page page--admin-meters'>
      <View className='page__content'>
        <Text className='page-title'>{t('admin.list.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); meters.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <View className='admin-row'>
          <Input id='meter-search' className='form-input' value={typed} placeholder={t('admin.list.search')} aria-label={t('admin.list.search')} maxlength={40} onInput={(event) => setTyped(event.detail.value)} onConfirm={() => setQ(typed.trim())} />
          <Button id='meter-search-button' className='secondary-action' onClick={() => setQ(typed.trim())}>
            {t('admin.list.searchButton')}
          </Button>
        </View>
        <View className='filter-chips' role='radiogroup'>
          <Button id='filter-all' className={`filter-chip${filter === undefined ? ' is-active' : ''}`} onClick={() => setFilter(undefined)}>
            {t('admin.list.all')}
          </Button>
          {METER_FILTERS.map((state) => (
            <Button key={state} id={`filter-${state}`} className={`filter-chip${filter === state ? ' is-active' : ''}`} onClick={() => setFilter(state)}>
              {t(`admin.states.${state}`)}
            </Button>
          ))}
        </View>
        <PagedList id='admin-meters' pages={meters} empty={t('admin.list.empty')}>
          {(meter) => <MeterRow key={meter.id} meter={meter} language={language} />}
        </PagedList>
      </View>
    </View>
  );
}

function MeterRow({ meter, language }: { meter: AdminMeterView; language: 'zh' | 'en' }) {
  const { t } = useT();
  // The manager knows the building: the room says which meter it is.
  const location = meter.room ?? meter.id;
  return (
    <Button id={`admin-meter-${meter.id}`} className='admin-item' onClick={() => void Taro.navigateTo({ url: pageUrl('adminMeter', { meterId: meter.id }) })}>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{`${location} · ${t(meter.utility === 'water' ? 'common.water' : 'common.electricity')}`}</Text>
        <Text className={`admin-item__value${meter.balanceFen <= 0 ? ' is-negative' : ''}`}>{formatBalance(meter.balanceFen)}</Text>
      </View>
      <View className='admin-item__main'>
        <Text className='admin-item__sub'>{`${meter.id} · ${describeSupply(meter.utility, meter.supply, language)}${meter.keepOn ? ` · ${t('admin.states.keep_on')}` : ''}${meter.online ? '' : ` · ${t('admin.states.offline')}`}`}</Text>
        {meter.openAlarms.length > 0 ? <Text className='admin-item__sub is-alert'>{t('admin.list.alarms', { count: meter.openAlarms.length })}</Text> : null}
      </View>
    </Button>
  );
}
