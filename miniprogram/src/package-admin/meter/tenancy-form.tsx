import { Button, Input, Text, View } from '@tarojs/components';
import type { MeterView } from '@prepaid/shared';
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api';
import { ApiErrorView } from '../../components';
import { describeLocation, formatBalance, formatShanghaiTime, parseYuanToFen } from '../../format';
import { useT } from '../../i18n';
import { moveIn, moveOut } from '../api';
import { confirmAction } from '../confirm';

/**
 * A reading typed in kWh or m³ (`1234.567`) as integer Wh or L, without a
 * float: the digits are read as thousandths. Null when it is not one.
 */
export function parseThousandths(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

type Settlement = Awaited<ReturnType<typeof moveOut>>;

/** Move-out (`#move-out`: final reading, settlement) and move-in (`#move-in`: opening credit) of one meter. */
export function TenancyForm({ meter, onChange }: { meter: MeterView; onChange: () => void }) {
  const { t } = useT();
  const unit = meter.utility === 'electricity' ? 'kWh' : 'm³';
  const [reading, setReading] = useState('');
  const [note, setNote] = useState('');
  const [credit, setCredit] = useState('');
  const [outcome, setOutcome] = useState<{ settled: Settlement } | { movedIn: string } | { invalid: string } | { error: ApiError } | null>(null);
  const out = async () => {
    const value = reading.trim() === '' ? null : parseThousandths(reading);
    if (reading.trim() !== '' && value === null) return setOutcome({ invalid: t('admin.tenancy.badReading') });
    if (!(await confirmAction(t('admin.tenancy.confirmOut', { meter: `${describeLocation(meter) ?? meter.id} (${meter.id})` })))) return;
    try {
      const settled = await moveOut(meter.id, {
        ...(value === null ? {} : { finalReading: { value, unit: meter.utility === 'electricity' ? 'Wh' : 'L', at: new Date().toISOString() } }),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setOutcome({ settled });
      setReading('');
      onChange();
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
    }
  };
  const into = async () => {
    const fen = credit.trim() === '' ? null : parseYuanToFen(credit);
    if (credit.trim() !== '' && (fen === null || fen <= 0)) return setOutcome({ invalid: t('admin.meter.badAmount') });
    try {
      const started = await moveIn(meter.id, { ...(fen ? { openingCreditFen: fen } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      setOutcome({ movedIn: t('admin.tenancy.movedIn', { at: formatShanghaiTime(started.tenancyStart), balance: formatBalance(started.balanceFen) }) });
      setCredit('');
      onChange();
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
    }
  };
  return (
    <>
      <Text className='admin-section'>{t('admin.tenancy.title')}</Text>
      <View id='tenancy-form' className='admin-form'>
        <Input id='move-out-reading' className='form-input' type='digit' value={reading} maxlength={14} placeholder={t('admin.tenancy.finalReading', { unit })} aria-label={t('admin.tenancy.finalReading', { unit })} onInput={(event) => setReading(event.detail.value)} />
        <Input id='tenancy-note' className='form-input' value={note} maxlength={100} placeholder={t('admin.tenancy.note')} aria-label={t('admin.tenancy.note')} onInput={(event) => setNote(event.detail.value)} />
        <Button id='move-out' className='secondary-action danger-button' onClick={() => void out()}>
          {t('admin.tenancy.moveOut')}
        </Button>
        <Input id='move-in-credit' className='form-input' type='digit' value={credit} maxlength={10} placeholder={t('admin.tenancy.credit')} aria-label={t('admin.tenancy.credit')} onInput={(event) => setCredit(event.detail.value)} />
        <Button id='move-in' className='secondary-action' onClick={() => void into()}>
          {t('admin.tenancy.moveIn')}
        </Button>
        {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
        {outcome && 'invalid' in outcome ? <Text className='form-error'>{outcome.invalid}</Text> : null}
        {outcome && 'movedIn' in outcome ? <Text id='tenancy-outcome' className='form-ok'>{outcome.movedIn}</Text> : null}
        {outcome && 'settled' in outcome ? (
          <View id='settlement' className='admin-list' aria-live='polite'>
            <Text className='form-ok'>{t('admin.tenancy.settled', { balance: formatBalance(outcome.settled.balanceFen) })}</Text>
            {outcome.settled.refundRequest ? <Text id='settlement-refund' className='admin-item__sub'>{t('admin.tenancy.refund', { amount: formatBalance(outcome.settled.refundRequest.amountFen) })}</Text> : null}
            {outcome.settled.owedFen > 0 ? <Text id='settlement-owed' className='form-error'>{t('admin.tenancy.owed', { amount: formatBalance(outcome.settled.owedFen) })}</Text> : null}
            <Text className='admin-item__sub'>{t('admin.tenancy.unbound', { count: outcome.settled.unbound.length })}</Text>
          </View>
        ) : null}
      </View>
    </>
  );
}
