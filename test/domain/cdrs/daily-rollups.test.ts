import { describe, expect, it } from 'vitest';
import { sumDailyRollups } from '../../../src/domain/cdrs/daily-rollups';
import { sumNumberRollups } from '../../../src/domain/cdrs/number-rollups';
import type { RatedCall } from '../../../src/domain/cdrs/ingest-rating';
import { numericLiteral, parseMoney } from '../../../src/domain/money';

let nextUuid = 0;

/** A rated call with only what the roll-ups read. */
function call(options: {
  account?: string;
  start: string;
  direction?: 'inbound' | 'outbound';
  context?: 'sip-trunking' | 'voice-api';
  answered?: boolean;
  duration?: number;
  billsec?: number;
  billable?: number;
  cost?: string;
  did?: string;
}): RatedCall {
  const answered = options.answered ?? true;
  const costUnits = parseMoney(options.cost ?? '0')!;
  return {
    cdr: {
      uuid: `00000000-0000-4000-8000-${String(nextUuid++).padStart(12, '0')}`,
      start_time: options.start,
      startMs: Date.parse(options.start),
      call_direction: options.direction ?? 'outbound',
      context: options.context ?? 'sip-trunking',
      answered,
      duration: options.duration ?? 60,
      billsec: options.billsec ?? (answered ? 50 : 0),
    } as RatedCall['cdr'],
    index: 0,
    account: { id: options.account ?? '1', partner_id: `partner-of-${options.account ?? '1'}` } as
      RatedCall['account'],
    subAccountId: null,
    did: options.did ?? null,
    billableSeconds: options.billable ?? (answered ? 60 : 0),
    cost: options.cost ?? '0',
    costUnits,
  };
}

const money = (text: string) => numericLiteral(parseMoney(text)!);

describe('sumDailyRollups', () => {
  it('keeps one roll-up per account, UTC day, direction and context, in the table key order', () => {
    const rollups = sumDailyRollups([
      call({ account: '10', start: '2026-11-02T10:00:00.000Z' }),
      call({ account: '9', start: '2026-11-02T23:59:59.999Z', context: 'voice-api' }),
      call({ account: '9', start: '2026-11-03T00:00:00.000Z' }),
      call({ account: '9', start: '2026-11-02T08:00:00.000Z', direction: 'inbound' }),
      call({ account: '9', start: '2026-11-02T09:00:00.000Z' }),
      call({ account: '9', start: '2026-11-02T12:00:00.000Z', context: 'voice-api' }),
    ], new Map());
    expect(rollups.map((r) => [r.accountId, r.day, r.direction, r.context, r.calls])).toEqual([
      ['9', '2026-11-02', 'inbound', 'sip-trunking', 1],
      ['9', '2026-11-02', 'outbound', 'sip-trunking', 1],
      ['9', '2026-11-02', 'outbound', 'voice-api', 2],
      ['9', '2026-11-03', 'outbound', 'sip-trunking', 1],
      ['10', '2026-11-02', 'outbound', 'sip-trunking', 1],
    ]);
    expect(rollups[0]!.partnerId).toBe('partner-of-9');
  });

  it('sums counts, seconds, money and shortfalls, with the answered share apart', () => {
    const late = call({ start: '2026-11-02T18:00:00.000Z', duration: 95, billsec: 90,
      billable: 120, cost: '1.00000' });
    const calls = [
      call({ start: '2026-11-02T10:00:00.000Z', duration: 40, billsec: 30, billable: 60,
        cost: '0.50000' }),
      late,
      call({ start: '2026-11-02T20:00:00.000Z', answered: false, duration: 25, cost: '0.10000' }),
      call({ start: '2026-11-02T07:00:00.000Z', answered: false, duration: 5 }),
    ];
    const [rollup] = sumDailyRollups(calls, new Map([
      [late.cdr.uuid, parseMoney('0.25')!], [calls[2]!.cdr.uuid, parseMoney('0.1')!],
    ]));
    expect(rollup).toEqual({
      accountId: '1', partnerId: 'partner-of-1', day: '2026-11-02', direction: 'outbound',
      context: 'sip-trunking', calls: 4, answered: 2, durationSeconds: 165, billsec: 120,
      billableSeconds: 180, cost: money('1.6'), shortfall: money('0.35'),
      lastCallAt: '2026-11-02T20:00:00.000Z', answeredDurationSeconds: 135,
      answeredCost: money('1.5'), answeredShortfall: money('0.25'),
      lastAnsweredAt: '2026-11-02T18:00:00.000Z', lastUnansweredAt: '2026-11-02T20:00:00.000Z',
    });
  });

  it('leaves the last answered or unanswered time null when there was none', () => {
    const [rollup] = sumDailyRollups([call({ start: '2026-11-02T10:00:00.000Z', answered: false })],
      new Map());
    expect(rollup!.lastAnsweredAt).toBeNull();
    expect(rollup!.lastUnansweredAt).toBe('2026-11-02T10:00:00.000Z');
    expect(rollup!.cost).toBe('0e-5');
  });
});

describe('numericLiteral', () => {
  it('writes units as exact exponent notation', () => {
    expect(numericLiteral(parseMoney('1234.56789')!)).toBe('123456789e-5');
    expect(numericLiteral(-5n)).toBe('-5e-5');
  });
});

describe('sumNumberRollups', () => {
  it('sums the calls on own DIDs per DID and UTC hour, in the order first seen', () => {
    const rollups = sumNumberRollups([
      call({ account: '10', did: '+911', start: '2026-11-02T10:59:59.999Z', duration: 10 }),
      call({ account: '9', did: '+912', start: '2026-11-02T11:00:00.000Z', answered: false }),
      call({ account: '9', did: '+9119', start: '2026-11-02T11:30:00.000Z', billsec: 20 }),
      call({ account: '9', did: '+912', start: '2026-11-02T10:00:00.000Z', billsec: 5 }),
      call({ account: '9', did: '+912', start: '2026-11-02T11:59:00.000Z', billsec: 7 }),
      call({ account: '9', start: '2026-11-02T11:00:00.000Z' }),
    ]);
    expect(rollups).toEqual([
      { accountId: '10', e164: '+911', hour: '2026-11-02T10:00:00.000Z', calls: 1, answered: 1,
        durationSeconds: 10, billsec: 50 },
      { accountId: '9', e164: '+912', hour: '2026-11-02T11:00:00.000Z', calls: 2, answered: 1,
        durationSeconds: 120, billsec: 7 },
      { accountId: '9', e164: '+9119', hour: '2026-11-02T11:00:00.000Z', calls: 1, answered: 1,
        durationSeconds: 60, billsec: 20 },
      { accountId: '9', e164: '+912', hour: '2026-11-02T10:00:00.000Z', calls: 1, answered: 1,
        durationSeconds: 60, billsec: 5 },
    ]);
  });
});
