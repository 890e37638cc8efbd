/**
 * `dialtone webhooks listen|trigger`, in the spirit of `stripe listen`: a local receiver that
 * prints each event with both signatures checked against the partner's signing secret, and a
 * signed test event sent through the partner's normal webhook outbox (retried like any other,
 * in the partner's delivery log marked `test`). `listen` registers nothing anywhere.
 */
import { Argument, Command } from 'commander';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/test-events';
import { operatorClient } from '../api-client';
import { jsonOption, printResult, urlOption, wholeNumber } from '../output';
import { startWebhookReceiver, type ReceivedWebhook } from '../webhook-receiver';

interface ListenOptions { port: number; secret?: string; json?: boolean }

async function listen(options: ListenOptions): Promise<void> {
  const print = (delivery: ReceivedWebhook) => process.stdout.write(options.json
    ? `${JSON.stringify(asJson(delivery))}\n`
    : `${describe(delivery)}\n    ${JSON.stringify(delivery.body)}\n`);
  const receiver = await startWebhookReceiver({ port: options.port, path: '/webhooks', onDelivery: print });
  if (options.secret) receiver.setSecret(options.secret);
  process.stdout.write([
    `listening for webhooks on ${receiver.url} (Ctrl-C to stop)`,
    'nothing was registered: give this URL as a KYC session\'s webhook_url, or try',
    `  dialtone webhooks trigger kyc.completed --partner PA_XXXXXXXX --to ${receiver.url}`,
    options.secret
      ? 'signatures: checked with the given signing secret'
      : 'signatures: not checked (give --secret, the partner\'s signing secret, to check them)',
    '',
  ].join('\n'));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await receiver.close();
}

const mark = (valid: boolean | undefined) =>
  (valid === undefined ? 'not checked' : valid ? 'valid' : 'INVALID');

function describe(delivery: ReceivedWebhook): string {
  const test = delivery.body.test === true ? '  (test event)' : '';
  return `${new Date().toISOString()}  ${delivery.event}  webhook-id ${delivery.id}  `
    + `standard-webhooks: ${mark(delivery.standard)}  x-vobiz-signature: ${mark(delivery.vobiz)}`
    + test;
}

function asJson(delivery: ReceivedWebhook) {
  return {
    received_at: new Date().toISOString(), webhook_id: delivery.id, event: delivery.event,
    signatures: { standard_webhooks: delivery.standard ?? null, vobiz: delivery.vobiz ?? null },
    body: delivery.body,
  };
}

interface TriggerOptions { partner: string; to: string; url?: string; json?: boolean }

async function trigger(event: string, options: TriggerOptions): Promise<void> {
  const sent = await operatorClient(options.url).request('POST',
    `/api/v1/admin/partners/${encodeURIComponent(options.partner)}/webhook-tests`,
    { event, url: options.to }) as { event_id: string; delivery_id: string };
  printResult(options.json, sent, [
    `test ${event} ${sent.event_id} queued for ${options.to}, signed with ${options.partner}'s `
      + 'secret (delivery log: GET /api/v1/partner/webhook-deliveries, marked test)',
  ]);
}

export function webhooksCommand(): Command {
  const webhooks = new Command('webhooks')
    .description('receive webhooks locally and send signed test events');
  webhooks.command('listen')
    .description('start a local receiver and print each event with its signatures checked '
      + '(registers nothing: it prints the URL to use)')
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', wholeNumber(0, 65_535), 0)
    .option('--secret <secret>', "the partner's signing secret (GET /api/v1/partner/"
      + 'webhook-secret); without it signatures are shown as not checked')
    .option('--json', 'print each event as one JSON line')
    .action(listen);
  webhooks.command('trigger')
    .description("send a signed test event to a URL through the partner's webhook outbox "
      + '(retried, and in its delivery log marked test)')
    .addArgument(new Argument('<event>', 'the event to send').choices(WEBHOOK_EVENT_TYPES))
    .requiredOption('--partner <auth_id>', 'the partner whose secret signs it, PA_XXXXXXXX')
    .requiredOption('--to <url>', 'where to send it (e.g. the URL `webhooks listen` printed)')
    .addOption(urlOption()).addOption(jsonOption())
    .action(trigger);
  return webhooks;
}
