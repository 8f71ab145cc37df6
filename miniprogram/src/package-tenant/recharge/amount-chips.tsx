import { Text, View } from '@tarojs/components';
import { formatYuanLabel } from '../../format';
import { PRESET_AMOUNTS_FEN } from '../../recharge';

export interface AmountChipsProps {
  selectedFen: number | null;
  /** While true (a payment in flight) taps are ignored. */
  disabled: boolean;
  onSelect: (amountFen: number) => void;
}

/** The preset amounts as chips, ids `amount-<fen>`; the chosen one has the class `is-selected`. */
export function AmountChips({ selectedFen, disabled, onSelect }: AmountChipsProps) {
  return (
    <View id='amount-chips' className={disabled ? 'amount-chips is-disabled' : 'amount-chips'}>
      {PRESET_AMOUNTS_FEN.map((amountFen) => (
        <View
          key={amountFen}
          id={`amount-${amountFen}`}
          className={amountFen === selectedFen ? 'amount-chip is-selected' : 'amount-chip'}
          onClick={disabled ? undefined : () => onSelect(amountFen)}
        >
          <Text>{formatYuanLabel(amountFen)}</Text>
        </View>
      ))}
    </View>
  );
}
