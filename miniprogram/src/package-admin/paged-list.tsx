import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { ApiErrorView, LoadingView } from '../components';
import type { RemotePages } from '../hooks/use-remote-pages';
import { useT } from '../i18n';

type Paged<T> = { items: readonly T[]; next: string | null };

/**
 * A list the API pages, as every manager's list shows it: a loading line
 * (`#<id>-loading`), the empty hint (`#<id>-empty`), the items (`#<id>`)
 * and a button for the next page (`#<id>-more`) or the end of the list. A
 * failure of the first page is the page's to show, at its top.
 */
export function PagedList<T>({ id, pages, empty, children }: { id: string; pages: RemotePages<Paged<T>> & { more: () => void }; empty: string; children: (item: T) => ReactNode }) {
  const { t } = useT();
  if (pages.status === 'idle' || pages.status === 'loading') return <LoadingView id={`${id}-loading`} />;
  if (pages.status !== 'ready') return null;
  if (pages.items.length === 0) return <Text id={`${id}-empty`} className='list-end'>{empty}</Text>;
  return (
    <View id={id} className='admin-list'>
      {pages.items.map((item) => children(item))}
      {pages.moreError ? <ApiErrorView error={pages.moreError} onRetry={pages.more} /> : null}
      {pages.hasMore ? (
        <Button id={`${id}-more`} className='secondary-action' disabled={pages.loadingMore} onClick={pages.more}>
          {pages.loadingMore ? t('common.loading') : t('admin.list.more')}
        </Button>
      ) : (
        <Text className='list-end'>{t('admin.list.end')}</Text>
      )}
    </View>
  );
}
