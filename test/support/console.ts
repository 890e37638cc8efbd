/**
 * A console browser without a browser: inject() with a cookie jar and the CSRF token read from
 * the last page, for the console's HTTP-level tests (security, idempotency, tenancy).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export class ConsoleClient {
  cookie = '';
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    const set = response.headers['set-cookie'];
    const value = Array.isArray(set) ? set[set.length - 1] : set;
    if (value) this.cookie = value.split(';')[0]!.split('=')[1] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (csrf) this.csrf = csrf[1]!;
    return response;
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: `dialtone_console=${this.cookie}` } : {};
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: this.headers() }));
  }

  /** Posts a form with this page's CSRF token unless `fields._csrf` says otherwise. */
  async post(url: string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const payload = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return this.remember(await this.app.inject({
      method: 'POST', url, payload,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
    }));
  }

  /** Uploads one file as multipart/form-data, after this page's CSRF token (unless `csrf`). */
  async postFile(
    url: string,
    file: { field: string; name: string; content: string | Buffer },
    csrf: string = this.csrf,
  ): Promise<LightMyRequestResponse> {
    const boundary = `----dialtone${Date.now()}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n`
        + `${csrf}\r\n--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; `
        + `filename="${file.name}"\r\ncontent-type: text/csv\r\n\r\n`),
      Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.remember(await this.app.inject({
      method: 'POST', url, payload,
      headers: { ...this.headers(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    }));
  }

  /**
   * Loads `url` and sends the first form of its main part as a browser would: every input's
   * and select's current value, with `changes` typed over them.
   */
  async submit(url: string, changes: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const page = await this.get(url);
    expect(page.statusCode, page.body).toBe(200);
    const form = formOf(page.body);
    return this.post(form.action, { ...form.values, ...changes });
  }

  async login(kind: string, identifier: string, secret: string): Promise<LightMyRequestResponse> {
    await this.get('/console/login');
    return this.post('/console/login', { kind, identifier, secret });
  }

  async loginOk(kind: string, identifier: string, secret: string): Promise<void> {
    const response = await this.login(kind, identifier, secret);
    expect(response.statusCode, response.body).toBe(303);
  }
}

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The first form after <main>: its action and the values its fields hold. */
export function formOf(body: string): { action: string; values: Record<string, string> } {
  const main = body.slice(body.indexOf('<main'));
  const form = /<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(main);
  if (!form) throw new Error('no form on the page');
  const values: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input ([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(input[1]!)?.[1];
    if (name && name !== '_csrf') values[name] = unescape(/value="([^"]*)"/.exec(input[1]!)?.[1] ?? '');
  }
  for (const select of form[2]!.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...select[2]!.matchAll(/<option value="([^"]*)"( selected)?>/g)];
    const chosen = options.find((option) => option[2]) ?? options[0];
    values[select[1]!] = unescape(chosen?.[1] ?? '');
  }
  return { action: unescape(form[1]!), values };
}
