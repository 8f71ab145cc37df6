import { Button, Image, Text, View } from '@tarojs/components';
import { ApiErrorView, LoadingView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { listQrSheet } from '../api';
import '../admin.css';

/**
 * A building's QR codes as a printable sheet (`#qr-sheet`): each meter's
 * current code with its room, utility and id under it; on H5 a print button
 * (the page's print style leaves only the codes). Pages of 24.
 */
export function QrSheetScreen({ buildingId }: { buildingId: string }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const codes = useRemotePages(queryKeys.adminQr(openid, buildingId), (cursor) => listQrSheet(buildingId, cursor), openid !== '' && buildingId !== '');
  const error = firstError(session) ?? (codes.status === 'error' ? codes.error : null);
  return (
    <View className='page page--admin-qr'>
      <View className='page__content'>
        <Text className='page-title no-print'>{t('admin.qr.title')}</Text>
        <Text className='subscribe-hint no-print'>{t('admin.qr.hint')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); codes.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        {codes.status === 'loading' ? <LoadingView id='qr-loading' /> : null}
        {codes.status === 'ready' ? (
          codes.items.length === 0 ? (
            <Text id='qr-empty' className='list-end'>{t('admin.qr.empty')}</Text>
          ) : (
            <>
              {process.env.TARO_ENV === 'h5' ? (
                <Button id='qr-print' className='primary-button no-print' onClick={() => window.print()}>
                  {t('admin.qr.print')}
                </Button>
              ) : null}
              <View id='qr-sheet' className='qr-sheet'>
                {codes.items.map((item) => (
                  <View key={item.meterId} id={`qr-${item.meterId}`} className='qr-cell' data-scene={item.scene}>
                    {/* The code is for the camera; the room and id under it say whose it is (Taro's H5 image gives its inner <img> no alt). */}
                    <Image className='qr-cell__image' src={`data:image/png;base64,${item.png}`} mode='aspectFit' aria-hidden='true' />
                    <Text className='qr-cell__label'>{t('admin.qr.label', { room: item.room ?? '—', utility: t(item.utility === 'water' ? 'common.water' : 'common.electricity') })}</Text>
                    <Text className='qr-cell__id'>{item.meterId}</Text>
                  </View>
                ))}
              </View>
              {codes.hasMore ? (
                <Button id='qr-more' className='secondary-action no-print' disabled={codes.loadingMore} onClick={codes.more}>
                  {t('admin.list.more')}
                </Button>
              ) : null}
            </>
          )
        ) : null}
      </View>
    </View>
  );
}
