import { Text, View } from '@tarojs/components';

export interface LoadingViewProps {
  id: string;
  text?: string;
}

/** A quiet placeholder while a call is in flight (class `loading`). */
export function LoadingView({ id, text = '加载中…' }: LoadingViewProps) {
  return (
    <View id={id} className='loading'>
      <Text>{text}</Text>
    </View>
  );
}
