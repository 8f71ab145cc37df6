import { Text, View } from '@tarojs/components';
import type { List, MeterView } from '@prepaid/shared';
import { MeterCard, RemoteView } from '../../components';
import type { RemoteState } from '../../hooks';
import { useT } from '../../i18n';

export interface MeterListProps {
  meters: RemoteState<List<MeterView>>;
}

/**
 * The tenant's meters (`#meter-list`), a loading line (`#meters-loading`) or, with no
 * meter bound yet, the hint to scan one (`#no-meters`). Errors are the page's to show.
 */
export function MeterList({ meters }: MeterListProps) {
  const { t } = useT();
  const empty = (
    <View id='no-meters' className='empty-state'>
      <Text className='empty-state__title'>{t('home.noMeters')}</Text>
      <Text className='empty-state__hint'>{t('home.noMetersHint')}</Text>
    </View>
  );
  return (
    <RemoteView id='meters' state={meters} showError={false} isEmpty={(list) => list.items.length === 0} empty={empty}>
      {(list) => (
        <View id='meter-list' className='meter-list'>
          {list.items.map((meter) => (
            <MeterCard key={meter.id} meter={meter} />
          ))}
        </View>
      )}
    </RemoteView>
  );
}
