import { Text, View } from '@tarojs/components';
import { useT } from '../../i18n';

export interface LoadingViewProps {
  id: string;
  text?: string;
}

/** A quiet placeholder while a call is in flight (class `loading`). */
export function LoadingView({ id, text }: LoadingViewProps) {
  const { t } = useT();
  return (
    <View id={id} className='loading' aria-busy='true'>
      <Text>{text ?? t('common.loading')}</Text>
    </View>
  );
}
