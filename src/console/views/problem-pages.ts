/** Pages for requests the console cannot serve; they never say more than the status. */
import { html } from '../../html/html';
import { consolePage, type PageFrame } from './layout';

const TEXT: Record<number, [string, string]> = {
  400: ['Bad request', 'The form could not be read. Go back and try again.'],
  403: ['Forbidden',
    'This form has expired or was not sent from the console. Reload the page and try again.'],
  404: ['Not found', 'There is nothing here, or it is not yours to see.'],
  413: ['Too large', 'The form sent more than the console accepts.'],
  415: ['Unsupported form',
    'The form was sent in a way this page does not take. Reload it and try again.'],
  429: ['Too many requests', 'Wait a minute and try again.'],
  500: ['Something went wrong', 'The console could not complete this request. Try again shortly.'],
};

export function problemPage(frame: PageFrame, status: number): string {
  const [title, text] = TEXT[status] ?? TEXT[500]!;
  return consolePage(frame, { title, body: html`<p>${text}</p>
<p><a href="/console">Back to the console</a></p>` });
}
