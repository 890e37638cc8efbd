import { describe, expect, it } from 'vitest';
import { JsonLine, ingestWindow, parseIngestRow } from '../../../src/domain/cdrs/ingest-rows';
import { cdrRow } from '../../support/cdrs';

const window = ingestWindow(new Date('2026-07-20T12:00:00Z'));
const account = { authId: 'MA_ABCDEFGH', token: 'x' };
const parse = (row: unknown) => parseIngestRow(row, 7, window);

function problemsOf(row: unknown) {
  const parsed = parse(row);
  if (!('problems' in parsed)) throw new Error('expected problems');
  return parsed.problems.map((problem) => `${problem.field}: ${problem.message}`);
}

describe('parseIngestRow', () => {
  it('reads a valid answered call and normalises times and uuid', () => {
    const uuid = 'A1B2C3D4-0000-4000-8000-000000000001';
    const parsed = parse({ ...cdrRow({ account, uuid }), start_time: '2026-07-15T15:30:00+05:30' });
    expect('cdr' in parsed && parsed.cdr).toMatchObject({
      uuid: uuid.toLowerCase(), accountAuthId: 'MA_ABCDEFGH', trunkId: null, answered: true,
      // An offset is re-formatted as UTC; UTC text with whole seconds is kept as sent.
      start_time: '2026-07-15T10:00:00.000Z', answer_time: '2026-07-15T10:00:05Z',
      duration: 35, billsec: 30, hangup_cause: 'NORMAL_CLEARING', hangup_cause_code: 4000,
      hangup_cause_name: 'Normal Hangup', context: 'sip-trunking',
    });
  });

  it('reads an NDJSON line (JsonLine) exactly as the object it holds', () => {
    const row = cdrRow({ account });
    expect(parse(new JsonLine(`${JSON.stringify(row)}\r`))).toEqual(parse(row));
  });

  it('keeps an unfamiliar hangup cause with the code the switch sent, else 0 Unknown', () => {
    const sent = parse(cdrRow({ account, cause: 'RECOVERY_ON_TIMER_EXPIRE', hangup_cause_code: 3130 }));
    expect('cdr' in sent && sent.cdr).toMatchObject({ hangup_cause_code: 3130, hangup_cause_name: 'Unknown' });
    const bare = parse(cdrRow({ account, cause: 'RECOVERY_ON_TIMER_EXPIRE' }));
    expect('cdr' in bare && bare.cdr.hangup_cause_code).toBe(0);
  });

  it("uses the table's code for a known cause whatever the switch sent", () => {
    const parsed = parse(cdrRow({ account, talk: null, cause: 'USER_BUSY', hangup_cause_code: 17 }));
    expect('cdr' in parsed && parsed.cdr.hangup_cause_code).toBe(3010);
  });

  it.each([
    [{ uuid: 'not-a-uuid' }, 'uuid: must be a UUID'],
    [{ account_id: undefined }, 'account_id: account_id or trunk_id is required'],
    [{ account_id: 'PA_ABCDEFGH' }, 'account_id: must be a customer auth id such as MA_E31MAU98'],
    [{ trunk_id: 'trunk-1' }, 'trunk_id: must be a trunk id (UUID)'],
    [{ call_direction: 'sideways' }, 'call_direction: must be one of inbound, outbound'],
    [{ caller_id_number: '' }, 'caller_id_number: is required'],
    [{ destination_number: 'x'.repeat(65) }, 'destination_number: must be at most 64 characters'],
    [{ caller_id_name: 'a\u0000b' }, 'caller_id_name: must not contain control characters'],
    [{ start_time: '2026-02-30T10:00:00Z' }, 'start_time: must be an ISO 8601 time such as 2026-07-20T10:00:00Z'],
    [{ start_time: '2026-07-15 10:00' }, 'start_time: must be an ISO 8601 time such as 2026-07-20T10:00:00Z'],
    [{ start_time: '2025-06-01T00:00:00Z', answer_time: null, end_time: '2025-06-01T00:00:05Z', billsec: 0 },
      'start_time: is too far in the past or in the future'],
    [{ end_time: '2026-07-15T09:59:59Z' }, 'end_time: must not be before start_time'],
    [{ answer_time: '2026-07-15T11:00:00Z' }, 'answer_time: must be between start_time and end_time'],
    [{ duration: -1 }, 'duration: must be a whole number from 0 to 86400'],
    [{ duration: 1.5 }, 'duration: must be a whole number from 0 to 86400'],
    [{ billsec: 86_401 }, 'billsec: must be a whole number from 0 to 86400'],
    [{ billsec: 36 }, 'billsec: must not exceed duration'],
    [{ hangup_cause: 'normal clearing' }, 'hangup_cause: must be an upper-case cause such as NORMAL_CLEARING'],
    [{ hangup_disposition: 'hung_up' }, 'hangup_disposition: must be one of send_bye, recv_bye, send_cancel, send_refuse'],
    [{ mos: 5.5 }, 'mos: must be a number from 1 to 5'],
    [{ packet_loss: '1' }, 'packet_loss: must be a number from 0 to 100'],
    [{ context: 'pbx' }, 'context: must be one of voice-api, sip-trunking'],
  ])('refuses %j', (change, problem) => {
    expect(problemsOf({ ...cdrRow({ account }), ...change })).toContain(problem);
  });

  it('refuses billsec on an unanswered call', () => {
    expect(problemsOf({ ...cdrRow({ account, talk: null }), billsec: 3, duration: 5 }))
      .toEqual(['billsec: must be 0 when the call was not answered (answer_time null)']);
  });

  it('accepts the window edges: 400 days back and 5 minutes ahead', () => {
    const base = cdrRow({ account, talk: null, ring: 0 });
    const at = (iso: string) => parse({ ...base, start_time: iso, end_time: iso });
    expect('cdr' in at('2025-06-15T12:00:00Z')).toBe(true);
    expect('cdr' in at('2025-06-15T11:59:59Z')).toBe(false);
    expect('cdr' in at('2026-07-20T12:05:00Z')).toBe(true);
    expect('cdr' in at('2026-07-20T12:05:01Z')).toBe(false);
  });

  it('reads the usual "…T10:00:00Z" form exactly as Date.parse does, and refuses its bad cousins', () => {
    const base = cdrRow({ account, talk: null, ring: 0 });
    const at = (iso: string) => parse({ ...base, start_time: iso, end_time: iso });
    for (const iso of ['2026-07-15T00:00:00Z', '2026-07-15T23:59:59Z', '2026-02-28T12:34:56Z', '2025-12-31T09:05:07Z']) {
      const parsed = at(iso);
      expect('cdr' in parsed && parsed.cdr.startMs).toBe(Date.parse(iso));
      expect('cdr' in parsed && parsed.cdr.start_time).toBe(iso);
    }
    for (const iso of ['2026-07-15T24:00:00Z', '2026-07-15T10:60:00Z', '2026-07-15T10:00:60Z', '2026-13-15T10:00:00Z',
      '2026-00-15T10:00:00Z', '2026-07-00T10:00:00Z', '2026-07-1xT10:00:00Z', '2026-07-15T1-:00:00Z',
      '2026-02-29T10:00:00Z', '2026-04-31T10:00:00Z', '2026-07-15t10:00:00Z', '2026/07/15T10:00:00Z']) {
      expect(problemsOf({ ...base, start_time: iso }), iso)
        .toContain('start_time: must be an ISO 8601 time such as 2026-07-20T10:00:00Z');
    }
  });

  it('reports every problem of a row with its index and uuid', () => {
    const parsed = parse({ ...cdrRow({ account, uuid: '00000000-0000-4000-8000-000000000009' }), duration: 'x', codec: 5 });
    expect('problems' in parsed && parsed.problems).toEqual([
      { index: 7, uuid: '00000000-0000-4000-8000-000000000009', field: 'duration', message: 'must be a whole number from 0 to 86400' },
      { index: 7, uuid: '00000000-0000-4000-8000-000000000009', field: 'codec', message: 'must be a string' },
    ]);
  });

  it('refuses rows that are not objects, and malformed NDJSON lines', () => {
    expect(problemsOf([1])).toEqual(['row: must be a JSON object']);
    expect(problemsOf(null)).toEqual(['row: must be a JSON object']);
    expect(problemsOf(new JsonLine('{oops'))).toEqual([expect.stringMatching(/^row: is not valid JSON: /)]);
  });
});
