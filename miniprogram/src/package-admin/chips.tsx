import { Button, View } from '@tarojs/components';

/** One row of filter chips, one of them chosen (`[id, value, label]` each). */
export function Chips<T>({ id, label, value, onChange, choices }: { id: string; label: string; value: T; onChange: (value: T) => void; choices: readonly (readonly [string, T, string])[] }) {
  return (
    <View id={id} className='filter-chips' role='radiogroup' aria-label={label}>
      {choices.map(([chipId, choice, text]) => (
        <Button key={chipId} id={chipId} className={`filter-chip${value === choice ? ' is-active' : ''}`} aria-pressed={value === choice} onClick={() => onChange(choice)}>
          {text}
        </Button>
      ))}
    </View>
  );
}
