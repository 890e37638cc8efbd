/**
 * Previous/next links of a server-paginated list; the other query parameters are kept. A page
 * with two lists names the second one's page number (`param`) and its links (`label`).
 */
import { html, type SafeHtml } from '../../html/html';

export interface PageState {
  page: number;
  size: number;
  total: number;
}

export function pager(path: string, state: PageState, query: Record<string,
  string | undefined> = {}, second?: { param: string; label: string }): SafeHtml {
  const param = second?.param ?? 'page';
  const pages = Math.max(1, Math.ceil(state.total / state.size));
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
    params.set(param, String(page));
    return `${path}?${params.toString()}`;
  };
  return html`<nav class="pager" aria-label="${second?.label ?? 'Pages'}">
${state.page > 1 && html`<a href="${link(state.page - 1)}" rel="prev">Previous page</a>`}
<span>Page ${state.page} of ${pages} (${state.total} in all)</span>
${state.page < pages && html`<a href="${link(state.page + 1)}" rel="next">Next page</a>`}
</nav>`;
}
