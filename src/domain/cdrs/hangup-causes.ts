/**
 * Why a call ended, in Vobiz's three vocabularies (vobiz-api.md 2.4): the text cause
 * (`hangup_cause`, FreeSWITCH/Q.850 names), the numeric code (`hangup_cause_code`, Plivo's
 * numbering) and the human name (`hangup_cause_name`).
 *
 * Codes documented by Vobiz/Plivo are used as documented: 0 Unknown, 1000 Canceled, 2000 Invalid
 * Destination Address, 2010 Destination Out Of Service, 3000 No Answer, 3010 Busy, 3020 Rejected,
 * 3050 Unallocated, 4000 Normal Hangup, 6020 Media Timeout. The rest are ours, picked inside the
 * documented ranges: carrier errors (3070-3140) for network and protocol failures, system errors
 * (5000-5030) for our own.
 *
 * Call status (the `status` filter of the CDR lists, vobiz-api.md 1.6):
 * - answered: the call was answered (answer_time is set), whatever ended it afterwards.
 * - failed: the call was NOT answered, for any reason. Vobiz's own example filters
 *   `status=failed&hangup_cause=NO_ANSWER`, so busy and no-answer calls are failed calls too.
 * - busy: unanswered and USER_BUSY. A subset of failed.
 * - no_answer: unanswered and NO_ANSWER or ORIGINATOR_CANCEL. A subset of failed. A caller who
 *   hangs up while it rings is a missed call from the callee's side, which is what a
 *   "no answer" report is for; Vobiz has no separate "canceled" status to put it in.
 * deriveCallStatus names the most specific status; matchesCallStatus applies the filter.
 */

export interface HangupCauseInfo {
  code: number;
  name: string;
  /**
   * True when the cause can only end a call before it is answered, so an answered CDR carrying
   * it is inconsistent. Causes such as MEDIA_TIMEOUT or SERVER_ERROR can end either kind.
   */
  isAnswerFailure: boolean;
}

function cause(code: number, name: string, isAnswerFailure: boolean): HangupCauseInfo {
  return { code, name, isAnswerFailure };
}

export const HANGUP_CAUSES = {
  NORMAL_CLEARING: cause(4000, 'Normal Hangup', false),
  ORIGINATOR_CANCEL: cause(1000, 'Canceled', true),
  INVALID_NUMBER: cause(2000, 'Invalid Destination Address', true),
  DESTINATION_OUT_OF_ORDER: cause(2010, 'Destination Out Of Service', true),
  NO_ANSWER: cause(3000, 'No Answer', true),
  USER_BUSY: cause(3010, 'Busy Line', true),
  CALL_REJECTED: cause(3020, 'Rejected', true),
  REJECTED: cause(3020, 'Rejected', true),
  UNALLOCATED_NUMBER: cause(3050, 'Unallocated Number', true),
  NETWORK_OUT_OF_ORDER: cause(3070, 'Network Out Of Order', false),
  NORMAL_TEMPORARY_FAILURE: cause(3080, 'Temporary Failure', true),
  SWITCH_CONGESTION: cause(3090, 'Network Congestion', true),
  SERVICE_UNAVAILABLE: cause(3100, 'Service Unavailable', true),
  PROTOCOL_ERROR: cause(3110, 'Protocol Error', false),
  SERVER_ERROR: cause(5000, 'Internal Error', false),
  MEDIA_TIMEOUT: cause(6020, 'Media Timeout', false),
  UNKNOWN: cause(0, 'Unknown', false),
} as const satisfies Record<string, HangupCauseInfo>;

export type HangupCause = keyof typeof HANGUP_CAUSES;
export const HANGUP_CAUSE_NAMES = Object.keys(HANGUP_CAUSES) as HangupCause[];

/** `hangup_source`: who ended the call, as Vobiz spells it. */
export const HANGUP_SOURCES = [
  'Caller', 'Call recipient', 'Vobiz', 'Carrier', 'API Request', 'Answer XML', 'Error', 'Unknown',
] as const;
export type HangupSource = (typeof HANGUP_SOURCES)[number];

/**
 * `hangup_disposition`: the SIP message that ended the call on our leg towards the callee:
 * send_bye (the caller left, we hung up the callee), recv_bye (the callee hung up), send_cancel
 * (we stopped the ringing), send_refuse (the call was refused before it rang through).
 */
export const HANGUP_DISPOSITIONS = ['send_bye', 'recv_bye', 'send_cancel', 'send_refuse'] as const;
export type HangupDisposition = (typeof HANGUP_DISPOSITIONS)[number];

export const CALL_STATUSES = ['answered', 'failed', 'busy', 'no_answer'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** The statuses that name a cause, not just "answered or not". */
type NarrowStatus = 'busy' | 'no_answer';

/**
 * The text causes behind the narrow statuses, for SQL: `status=busy` is
 * `answer_time IS NULL AND hangup_cause = ANY($busy)`; `status=failed` is `answer_time IS NULL`;
 * `status=answered` is `answer_time IS NOT NULL`.
 */
export const STATUS_FILTER_CAUSES: Readonly<Record<NarrowStatus, readonly HangupCause[]>> = {
  busy: ['USER_BUSY'],
  no_answer: ['NO_ANSWER', 'ORIGINATOR_CANCEL'],
};

export function isHangupCause(text: string): text is HangupCause {
  return Object.hasOwn(HANGUP_CAUSES, text);
}

export function isCallStatus(text: string): text is CallStatus {
  return (CALL_STATUSES as readonly string[]).includes(text);
}

/** The cause's code and name; undefined for a cause we do not know. */
export function findHangupCause(text: string): HangupCauseInfo | undefined {
  return isHangupCause(text) ? HANGUP_CAUSES[text] : undefined;
}

export interface CallOutcome {
  /** True when the call was answered (its CDR has an answer_time). */
  answered: boolean;
  hangup_cause: string;
}

/** The most specific status of a call: answered, busy, no_answer, else failed. */
export function deriveCallStatus(call: CallOutcome): 'answered' | 'busy' | 'no_answer' | 'failed' {
  if (call.answered) return 'answered';
  if (isCauseIn('busy', call.hangup_cause)) return 'busy';
  if (isCauseIn('no_answer', call.hangup_cause)) return 'no_answer';
  return 'failed';
}

/** Whether a call passes the `status` filter; `failed` takes every unanswered call. */
export function matchesCallStatus(status: CallStatus, call: CallOutcome): boolean {
  switch (status) {
    case 'answered':
      return call.answered;
    case 'failed':
      return !call.answered;
    case 'busy':
    case 'no_answer':
      return !call.answered && isCauseIn(status, call.hangup_cause);
  }
}

function isCauseIn(status: NarrowStatus, hangupCause: string): boolean {
  return (STATUS_FILTER_CAUSES[status] as readonly string[]).includes(hangupCause);
}
