import { describe, expect, it } from 'vitest';
import {
  CALL_STATUSES,
  type CallStatus,
  HANGUP_CAUSES,
  HANGUP_CAUSE_NAMES,
  HANGUP_DISPOSITIONS,
  HANGUP_SOURCES,
  STATUS_FILTER_CAUSES,
  deriveCallStatus,
  findHangupCause,
  isCallStatus,
  isHangupCause,
  matchesCallStatus,
} from '../../../src/domain/cdrs/hangup-causes';

// The 17 text causes of vobiz-api.md 2.4.
const DOCUMENTED_CAUSES = [
  'NORMAL_CLEARING', 'USER_BUSY', 'NO_ANSWER', 'ORIGINATOR_CANCEL', 'CALL_REJECTED', 'REJECTED',
  'INVALID_NUMBER', 'UNALLOCATED_NUMBER', 'SERVICE_UNAVAILABLE', 'SERVER_ERROR', 'MEDIA_TIMEOUT',
  'PROTOCOL_ERROR', 'NETWORK_OUT_OF_ORDER', 'DESTINATION_OUT_OF_ORDER', 'NORMAL_TEMPORARY_FAILURE',
  'SWITCH_CONGESTION', 'UNKNOWN',
];

describe('HANGUP_CAUSES', () => {
  it('covers exactly the documented text causes', () => {
    expect([...HANGUP_CAUSE_NAMES].sort()).toEqual([...DOCUMENTED_CAUSES].sort());
  });

  it.each([
    ['NORMAL_CLEARING', 4000, 'Normal Hangup'],
    ['NO_ANSWER', 3000, 'No Answer'],
    ['USER_BUSY', 3010, 'Busy Line'],
    ['CALL_REJECTED', 3020, 'Rejected'],
    ['REJECTED', 3020, 'Rejected'],
    ['UNALLOCATED_NUMBER', 3050, 'Unallocated Number'],
    ['ORIGINATOR_CANCEL', 1000, 'Canceled'],
    ['INVALID_NUMBER', 2000, 'Invalid Destination Address'],
    ['MEDIA_TIMEOUT', 6020, 'Media Timeout'],
    ['UNKNOWN', 0, 'Unknown'],
  ])('%s is %i %s (documented)', (cause, code, name) => {
    expect(findHangupCause(cause)).toMatchObject({ code, name });
  });

  it('keeps every code inside its documented range', () => {
    const rangeOf = (code: number) => {
      if (code === 0) return 'unknown';
      if (code >= 1000 && code <= 1020) return 'canceled';
      if (code >= 2000 && code <= 2070) return 'destination';
      if (code >= 3000 && code <= 3140) return 'carrier';
      if (code >= 4000 && code <= 4030) return 'normal';
      if (code >= 5000 && code <= 5030) return 'system';
      if (code >= 6000 && code <= 6020) return 'timeout';
      return 'outside';
    };
    for (const cause of HANGUP_CAUSE_NAMES) {
      const { code } = HANGUP_CAUSES[cause];
      expect(Number.isInteger(code), cause).toBe(true);
      expect(code % 10, cause).toBe(0);
      expect(rangeOf(code), cause).not.toBe('outside');
    }
    expect(rangeOf(HANGUP_CAUSES.SERVER_ERROR.code)).toBe('system');
    expect(rangeOf(HANGUP_CAUSES.NETWORK_OUT_OF_ORDER.code)).toBe('carrier');
  });

  it('shares a code only between the two spellings of a rejection', () => {
    const byCode = new Map<number, string[]>();
    for (const cause of HANGUP_CAUSE_NAMES) {
      const code = HANGUP_CAUSES[cause].code;
      byCode.set(code, [...(byCode.get(code) ?? []), cause]);
    }
    const shared = [...byCode.values()].filter((causes) => causes.length > 1);
    expect(shared).toEqual([['CALL_REJECTED', 'REJECTED']]);
  });

  it('marks only pre-answer causes as answer failures', () => {
    expect(HANGUP_CAUSES.NORMAL_CLEARING.isAnswerFailure).toBe(false);
    expect(HANGUP_CAUSES.MEDIA_TIMEOUT.isAnswerFailure).toBe(false);
    expect(HANGUP_CAUSES.UNKNOWN.isAnswerFailure).toBe(false);
    for (const cause of ['NO_ANSWER', 'USER_BUSY', 'CALL_REJECTED', 'ORIGINATOR_CANCEL',
      'UNALLOCATED_NUMBER', 'INVALID_NUMBER'] as const) {
      expect(HANGUP_CAUSES[cause].isAnswerFailure, cause).toBe(true);
    }
  });

  it('lists the documented sources and dispositions', () => {
    expect(HANGUP_SOURCES).toEqual([
      'Caller', 'Call recipient', 'Vobiz', 'Carrier', 'API Request', 'Answer XML', 'Error',
      'Unknown',
    ]);
    expect(HANGUP_DISPOSITIONS).toEqual(['send_bye', 'recv_bye', 'send_cancel', 'send_refuse']);
  });
});

describe('lookups', () => {
  it.each(['normal_clearing', 'NORMAL CLEARING', '', 'toString', '__proto__', 'constructor'])(
    'does not know %j', (text) => {
      expect(isHangupCause(text)).toBe(false);
      expect(findHangupCause(text)).toBeUndefined();
    },
  );

  it('knows call statuses', () => {
    for (const status of CALL_STATUSES) expect(isCallStatus(status)).toBe(true);
    for (const text of ['Answered', 'no-answer', 'completed', '']) {
      expect(isCallStatus(text)).toBe(false);
    }
  });
});

describe('deriveCallStatus', () => {
  it.each([
    [true, 'NORMAL_CLEARING', 'answered'],
    [true, 'MEDIA_TIMEOUT', 'answered'],
    [true, 'USER_BUSY', 'answered'],
    [false, 'USER_BUSY', 'busy'],
    [false, 'NO_ANSWER', 'no_answer'],
    [false, 'ORIGINATOR_CANCEL', 'no_answer'],
    [false, 'CALL_REJECTED', 'failed'],
    [false, 'REJECTED', 'failed'],
    [false, 'UNALLOCATED_NUMBER', 'failed'],
    [false, 'NORMAL_CLEARING', 'failed'],
    [false, 'SOMETHING_NEW', 'failed'],
  ])('answered=%s %s is %s', (answered, hangupCause, status) => {
    expect(deriveCallStatus({ answered, hangup_cause: hangupCause })).toBe(status);
  });
});

describe('matchesCallStatus', () => {
  const calls = [
    { answered: true, hangup_cause: 'NORMAL_CLEARING' },
    { answered: false, hangup_cause: 'USER_BUSY' },
    { answered: false, hangup_cause: 'NO_ANSWER' },
    { answered: false, hangup_cause: 'ORIGINATOR_CANCEL' },
    { answered: false, hangup_cause: 'CALL_REJECTED' },
    { answered: true, hangup_cause: 'USER_BUSY' },
  ];
  const matching = (status: CallStatus) => calls.filter((call) => matchesCallStatus(status, call));

  it('failed takes every unanswered call; busy and no_answer are subsets of it', () => {
    expect(matching('answered')).toEqual([calls[0], calls[5]]);
    expect(matching('failed')).toEqual([calls[1], calls[2], calls[3], calls[4]]);
    expect(matching('busy')).toEqual([calls[1]]);
    expect(matching('no_answer')).toEqual([calls[2], calls[3]]);
    for (const call of [...matching('busy'), ...matching('no_answer')]) {
      expect(matching('failed')).toContain(call);
    }
  });

  it('agrees with deriveCallStatus and STATUS_FILTER_CAUSES', () => {
    for (const answered of [true, false]) {
      for (const hangupCause of HANGUP_CAUSE_NAMES) {
        const call = { answered, hangup_cause: hangupCause };
        const status = deriveCallStatus(call);
        expect(matchesCallStatus(status, call)).toBe(true);
        expect(matchesCallStatus('failed', call)).toBe(!answered);
        expect(matchesCallStatus('busy', call))
          .toBe(!answered && STATUS_FILTER_CAUSES.busy.includes(hangupCause));
      }
    }
  });

  it('exposes the narrow statuses as cause lists for SQL', () => {
    expect(STATUS_FILTER_CAUSES).toEqual({
      busy: ['USER_BUSY'], no_answer: ['NO_ANSWER', 'ORIGINATOR_CANCEL'],
    });
  });
});
