/** Previous/next links of a server-paginated list; the other query parameters are kept. */
import { html, type SafeHtml } from '../../html/html';

export interface PageState {
  page: number;
  size: number;
  total: number;
}

export function pager(path: string, state: PageState, query: Record<string,
  string | undefined> = {}): SafeHtml {
  const pages = Math.max(1, Math.ceil(state.total / state.size));
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
    params.set('page', String(page));
    return `${path}?${params.toString()}`;
  };
  return html`<nav class="pager" aria-label="Pages">
${state.page > 1 && html`<a href="${link(state.page - 1)}" rel="prev">Previous page</a>`}
<span>Page ${state.page} of ${pages} (${state.total} in all)</span>
${state.page < pages && html`<a href="${link(state.page + 1)}" rel="next">Next page</a>`}
</nav>`;
}
