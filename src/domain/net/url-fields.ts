/**
 * The URL guard applied to a request field: a refusal becomes a 422 naming the field, as every
 * other field rule does. Use cases that store a URL call this before they write it.
 */
import { type FieldProblem, invalidField } from '../errors';
import { assertSafeOutboundUrl, type HostLookup, UnsafeUrlError } from './url-guard';

export interface UrlPolicy {
  /** DIALTONE_ALLOW_PRIVATE_URLS: loopback and private addresses are acceptable. */
  allowPrivateUrls: boolean;
  /** Default: the OS resolver. */
  lookup?: HostLookup | undefined;
}

/** Why the guard refuses `url` as the field at `loc` (['body', 'webhook_url']), if it does. */
export async function findUrlProblem(
  loc: string[],
  url: string,
  policy: UrlPolicy,
): Promise<FieldProblem | undefined> {
  try {
    await assertSafeOutboundUrl(url, {
      allowPrivate: policy.allowPrivateUrls,
      field: loc[loc.length - 1] ?? 'url',
      ...(policy.lookup ? { lookup: policy.lookup } : {}),
    });
    return undefined;
  } catch (error) {
    if (error instanceof UnsafeUrlError) {
      return { loc, msg: error.message, type: 'value_error', input: url };
    }
    throw error;
  }
}

/** Throws validation_failed naming `loc` when the guard refuses `url`. */
export async function assertStorableUrl(
  loc: string[],
  url: string,
  policy: UrlPolicy,
): Promise<void> {
  const problem = await findUrlProblem(loc, url, policy);
  if (problem) throw invalidField(problem.loc, problem.msg, problem.input);
}

/**
 * A URL the user's browser is sent to (dialtone never fetches it): well-formed http(s), else
 * validation_failed naming `loc`. The schema's pattern alone lets through `https:///x[`.
 */
export function assertRedirectUrl(loc: string[], value: string): void {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw invalidField(loc, 'must be a well-formed http(s) URL', value);
  }
}
