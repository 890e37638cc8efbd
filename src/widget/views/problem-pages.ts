/**
 * The page shown when a widget request fails for a reason that is not the session's: a form
 * that could not be read, too many requests, or a fault on our side (an identity provider that
 * is down). It never carries details: the log has them.
 */
import { html } from '../../html/html';
import { layout } from './layout';

type Problem = 'bad_request' | 'too_many_requests' | 'unavailable';

const PROBLEMS: Record<Problem, { title: string; text: string }> = {
  bad_request: {
    title: 'We could not read that form',
    text: 'Go back, check what you entered, and send the form again.',
  },
  too_many_requests: {
    title: 'Too many attempts',
    text: 'Please wait a minute, then open your verification link again.',
  },
  unavailable: {
    title: 'Verification is unavailable right now',
    text: 'Something went wrong on our side and nothing you entered was lost. ' +
      'Please try again in a few minutes by opening your verification link again.',
  },
};

export type ProblemKind = keyof typeof PROBLEMS;

export function problemPage(input: { kind: ProblemKind }): string {
  const problem = PROBLEMS[input.kind];
  return layout({ title: problem.title, body: html`<p class="lead">${problem.text}</p>` });
}
