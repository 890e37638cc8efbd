/**
 * One outbound POST (or GET, with no body) to a URL that assertSafeOutboundUrl approved. The
 * connection goes to the address the guard checked (the name is not resolved again, so DNS
 * rebinding cannot swap in a private address); TLS still verifies the certificate for the URL's
 * host name. Redirects are not followed, and the whole exchange is bounded by `timeoutMs`.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface PostInput {
  url: URL;
  /** Addresses the guard approved; empty means "resolve normally" (private URLs allowed). */
  addresses: readonly string[];
  headers: Record<string, string>;
  /** Default POST; a GET sends no body (`body` must be ''). */
  method?: 'POST' | 'GET';
  body: string;
  timeoutMs: number;
  /** Bytes of the response body kept for diagnostics; the rest is drained. */
  responseBytesMax: number;
}

export interface PostResult {
  status: number;
  retryAfter: string | undefined;
  /** The start of the response body, for the delivery log. */
  bodyStart: string;
}

/** Resolves every name to the one approved address, in the shape the caller asked for. */
function pinnedLookup(address: string): LookupFunction {
  const family = ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4;
  return ((_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as (error: null, addresses: { address: string; family: number }[]) => void)(
        null, [{ address, family }],
      );
    } else {
      callback(null, address, family);
    }
  }) as LookupFunction;
}

/** Resolves with the response status; rejects on a network error or the timeout. */
export function postJson(input: PostInput): Promise<PostResult> {
  const transport = input.url.protocol === 'https:' ? https : http;
  const lookup = input.addresses[0] === undefined ? undefined : pinnedLookup(input.addresses[0]);
  return new Promise<PostResult>((resolve, reject) => {
    const method = input.method ?? 'POST';
    const request = transport.request(input.url, {
      method,
      headers: method === 'GET' ? input.headers
        : { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
      // A fresh connection per attempt: a pooled socket could belong to an earlier resolution.
      agent: false,
      ...(lookup ? { lookup } : {}),
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`no complete response within ${input.timeoutMs} ms`));
    }, input.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < input.responseBytesMax) {
          chunks.push(chunk.subarray(0, input.responseBytesMax - kept));
          kept += chunk.length;
        }
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      response.on('end', () => {
        clearTimeout(timer);
        const retryAfter = response.headers['retry-after'];
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
          bodyStart: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.end(method === 'GET' ? undefined : input.body);
  });
}
