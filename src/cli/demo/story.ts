/**
 * How `dialtone demo` tells its story: numbered steps, each request as a person would type it,
 * and the few fields of each answer that matter. The first failure ends the demo (exit 1).
 */
import { apiClient, type ApiClient } from '../api-client';

export class DemoFailure extends Error {}

export interface Story {
  step(title: string): void;
  note(text: string): void;
  progress(text: string): void;
  call<T = Record<string, any>>(
    client: ApiClient,
    method: string,
    url: string,
    body?: unknown,
    show?: (answer: T) => Record<string, unknown>,
  ): Promise<T>;
  expect(condition: boolean, message: string): void;
}

export function createStory(out: NodeJS.WritableStream = process.stdout): Story {
  let number = 0;
  return {
    step(title) {
      number += 1;
      out.write(`\n${number}. ${title}\n`);
    },
    note(text) {
      out.write(`   ${text}\n`);
    },
    progress(text) {
      out.write(`   … ${text}\n`);
    },
    async call(client, method, url, body, show) {
      out.write(`   ${method} ${url}${body === undefined ? '' : ` ${summarise(body)}`}\n`);
      const answer = await client.request(method, url, body) as any;
      if (show) {
        for (const [key, value] of Object.entries(show(answer))) {
          out.write(`     ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
        }
      }
      return answer;
    },
    expect(condition, message) {
      if (!condition) throw new DemoFailure(message);
      out.write(`   ✓ ${message}\n`);
    },
  };
}

function summarise(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** A client for a partner's or customer's X-Auth-ID / X-Auth-Token. */
export function credentialClient(baseUrl: string, authId: string, token: string): ApiClient {
  return apiClient(baseUrl, { 'x-auth-id': authId, 'x-auth-token': token });
}
