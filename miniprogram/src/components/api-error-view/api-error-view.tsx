import { Button, Text, View } from '@tarojs/components';
import type { ApiError } from '../../api';
import { useT } from '../../i18n';

export interface ApiErrorViewProps {
  error: ApiError;
  /** Shows a retry button when given. */
  onRetry?: () => void;
}

/** A failed call: its dotted code (`.error-code`) and message (`.error-message`), id `api-error`. */
export function ApiErrorView({ error, onRetry }: ApiErrorViewProps) {
  const { t } = useT();
  return (
    <View id='api-error' className='api-error' role='alert'>
      <Text className='api-error__title'>{t('common.failed')}</Text>
      <Text className='error-code'>{error.code}</Text>
      <Text className='error-message'>{t(`errors.${error.code}` as 'errors.refund.own_request', { defaultValue: error.message })}</Text>
      {onRetry === undefined ? null : (
        <Button id='retry-button' className='api-error__retry' size='mini' onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </View>
  );
}
