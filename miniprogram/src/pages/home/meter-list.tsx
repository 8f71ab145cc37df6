import { Text, View } from '@tarojs/components';
import type { List, MeterView } from '@prepaid/shared';
import { LoadingView, MeterCard } from '../../components';
import type { RemoteState } from '../../hooks';

export interface MeterListProps {
  meters: RemoteState<List<MeterView>>;
}

/**
 * The tenant's meters (`#meter-list`), a loading line (`#meters-loading`) or, with no
 * meter bound yet, the hint to scan one (`#no-meters`). Errors are the page's to show.
 */
export function MeterList({ meters }: MeterListProps) {
  if (meters.status !== 'ready') return meters.status === 'error' ? null : <LoadingView id='meters-loading' />;
  if (meters.data.items.length === 0) {
    return (
      <View id='no-meters' className='empty-state'>
        <Text className='empty-state__title'>还没有绑定电表或水表</Text>
        <Text className='empty-state__hint'>请用微信扫描表计上的二维码完成绑定。</Text>
      </View>
    );
  }
  return (
    <View id='meter-list' className='meter-list'>
      {meters.data.items.map((meter) => (
        <MeterCard key={meter.id} meter={meter} />
      ))}
    </View>
  );
}
