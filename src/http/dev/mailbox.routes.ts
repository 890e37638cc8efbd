/**
 * The development mailbox: every e-mail dialtone queued, newest first, readable in a browser at
 * /dev/mailbox and as JSON at /dev/mailbox/messages (what `dialtone mail list` reads). Mounted
 * only when DIALTONE_DEV_MAILBOX is on (by default only on the embedded database): the messages
 * hold live KYC links, so it must never be exposed in production, and even in development it
 * answers only clients on this machine (loopback) or requests with the operator token: anyone
 * else on the network could otherwise complete or fail any pending KYC. (Behind a reverse
 * proxy on the same machine every client looks local: keep the mailbox off there.)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import {
  getOutboundEmail,
  listOutboundEmails,
  type OutboundEmailRow,
} from '../../domain/mail/outbound-emails';
import { MAILBOX_PAGE_SIZE_MAX } from '../../limits';
import { authenticateOperator } from '../plugins/auth';
import { MAILBOX_STYLESHEET } from './mailbox-style';
import { html, type SafeHtml } from '../../html/html';
import { errorResponses, Nullable, Page, PerPage, Timestamp } from '../schemas/common';

const MessageBody = Type.Object({
  id: Type.String(),
  kind: Type.String({ examples: ['kyc_invite'] }),
  to: Type.String(),
  subject: Nullable(Type.String()),
  text: Nullable(Type.String()),
  status: Type.String({ examples: ['stored'] }),
  transport: Nullable(Type.String()),
  attempts: Type.Integer(),
  last_error: Nullable(Type.String()),
  kyc_session_id: Nullable(Type.String()),
  created_at: Timestamp,
  sent_at: Nullable(Timestamp),
});

const NOT_RENDERED = '(rendered when the send job runs)';
const MailboxQuery = Type.Object({ page: Page, size: PerPage(MAILBOX_PAGE_SIZE_MAX) });

function toWire(row: OutboundEmailRow) {
  return {
    id: row.id, kind: row.kind, to: row.to_address, subject: row.subject, text: row.text_body,
    status: row.status, transport: row.transport, attempts: row.attempts,
    last_error: row.last_error,
    kyc_session_id: row.kyc_session_id, created_at: row.created_at.toISOString(),
    sent_at: row.sent_at?.toISOString() ?? null,
  };
}

const STYLESHEET_PATH = '/dev/mailbox/mailbox.css';
const CSP = "default-src 'none'; style-src 'self'; frame-src 'self'; base-uri 'none'; "
  + "frame-ancestors 'none'";
/** An e-mail's own HTML: its inline styles and data: images, nothing else, no scripts. */
const EMAIL_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
  + "base-uri 'none'; frame-ancestors 'self'; sandbox";

function page(reply: FastifyReply, title: string, body: SafeHtml) {
  return reply
    .header('content-security-policy', CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}"></head>
<body><header><a href="/dev/mailbox">dialtone · dev mailbox</a></header>
<main><h1>${title}</h1>${body}</main></body></html>`.text);
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && ipaddr.isValid(address)
    && ipaddr.process(address).range() === 'loopback';
}

/** The text body with its links clickable (each URL escaped, then wrapped). */
function linkified(text: string): SafeHtml {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  const linked = parts.map((part, index) =>
    (index % 2 === 1 ? html`<a href="${part}">${part}</a>` : part));
  return html`${linked}`;
}

export const mailboxRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db } = deps;
  const operator = authenticateOperator(deps.adminTokenDigest);
  // The socket's address, not X-Forwarded-For: a header anyone can send proves nothing.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isLoopback(request.socket.remoteAddress)) await operator(request, reply);
  });

  app.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').type('text/css; charset=utf-8')
      .send(MAILBOX_STYLESHEET));

  app.get('/dev/mailbox/messages', {
    schema: {
      tags: ['dev'],
      summary: 'The dev mailbox as JSON, newest first',
      querystring: MailboxQuery,
      response: {
        200: Type.Object({
          messages: Type.Array(MessageBody),
          total: Type.Integer(),
          page: Type.Integer(),
          size: Type.Integer(),
        }),
        ...errorResponses(422),
      },
    },
  }, async (request) => {
    const { rows, total } = await listOutboundEmails(db, request.query);
    const { page: pageNumber, size } = request.query;
    return { messages: rows.map(toWire), total, page: pageNumber, size };
  });

  app.get('/dev/mailbox', {
    schema: { hide: true, querystring: MailboxQuery },
  }, async (request, reply) => {
    const { rows, total } = await listOutboundEmails(db, request.query);
    const items = rows.map((row) => html`<li>
<a href="/dev/mailbox/${row.id}">${row.subject ?? '(not rendered yet)'}</a>
<span class="meta">to ${row.to_address} · ${row.created_at.toISOString()} ·
 <span class="status">${row.status}</span></span></li>`);
    const body = html`<p class="lead">${total} e-mail(s). Without SMTP_URL nothing leaves this
 machine; this is where the e-mails are.</p><ol class="messages">${items}</ol>`;
    return page(reply, 'Mailbox', body);
  });

  app.get('/dev/mailbox/:id', {
    schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
  }, async (request, reply) => {
    const row = await getOutboundEmail(db, request.params.id);
    const htmlPart = row.html_body === null ? html`` : html`<h2>HTML</h2>
<iframe class="html-body" sandbox src="/dev/mailbox/${row.id}/html" title="HTML body"></iframe>`;
    const body = html`<p class="meta">To: ${row.to_address}<br>Status: ${row.status}
 (${row.transport ?? 'not sent yet'})<br>Queued: ${row.created_at.toISOString()}</p>
${htmlPart}<h2>Text</h2>
<pre>${row.text_body === null ? NOT_RENDERED : linkified(row.text_body)}</pre>
<p><a href="/dev/mailbox">Back to the mailbox</a></p>`;
    return page(reply, row.subject ?? 'E-mail', body);
  });

  // The HTML body as sent, for the sandboxed frame of the page above.
  app.get('/dev/mailbox/:id/html', {
    schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
  }, async (request, reply) => {
    const row = await getOutboundEmail(db, request.params.id);
    return reply
      .header('content-security-policy', EMAIL_HTML_CSP)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(row.html_body ?? '');
  });
};
