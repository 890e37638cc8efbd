import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from '../../../src/html/html';
import { layout } from '../../../src/widget/views/layout';
import { WIDGET_CSS, WIDGET_CSS_PATH } from '../../../src/widget/views/styles';
import { expectWidgetDocument } from './page-checks';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes an ampersand once, so entities in input stay visible as typed', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('leaves other text, including non-ASCII, alone', () => {
    expect(escapeHtml('Priya Sharma — प्रिया')).toBe('Priya Sharma — प्रिया');
  });
});

describe('html', () => {
  it('escapes every interpolated string and number', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<p title="${name}">${name} ${5}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">' +
        '&lt;script&gt;alert(1)&lt;/script&gt; 5</p>',
    );
  });

  it('keeps nested html fragments as markup, escaping their own values once', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}</p>`.text).toBe('<p><b>a&amp;b</b></p>');
  });

  it('renders arrays in order and skips false, null and undefined', () => {
    expect(html`${['<', html`<i></i>`, 1]}|${false}|${null}|${undefined}`.text).toBe(
      '&lt;<i></i>1|||',
    );
  });

  it('does not trust an object that merely looks like SafeHtml', () => {
    const fake = { text: '<script>' } as unknown as string;
    expect(html`${fake}`.text).toBe('[object Object]');
    expect(html`${new SafeHtml('<br>')}`.text).toBe('<br>');
  });
});

describe('layout', () => {
  const body = html`<p>Body</p>`;

  it('builds a complete document around the body', () => {
    const page = layout({ title: 'Enter your PAN', body });
    expectWidgetDocument(page, 'Enter your PAN');
    expect(page).toContain('<title>Enter your PAN - Identity verification</title>');
    expect(page).toContain('<p>Body</p>');
    expect(page).toContain('<meta name="referrer" content="no-referrer">');
    expect(page).not.toContain('class="step"');
  });

  it('shows the step, with or without a total', () => {
    expect(layout({ title: 'T', body, step: { current: 2, total: 4 } })).toContain(
      '<p class="step">Step 2 of 4</p>',
    );
    expect(layout({ title: 'T', body, step: { current: 1 } })).toContain(
      '<p class="step">Step 1</p>',
    );
  });

  it('prefixes the title with Error: when the page shows an error', () => {
    expect(layout({ title: 'T', body, hasError: true })).toContain(
      '<title>Error: T - Identity verification</title>',
    );
  });

  it('escapes the title', () => {
    const page = layout({ title: '<img src=x onerror=alert(1)>', body });
    expect(page).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(page).not.toContain('<img');
  });
});

describe('WIDGET_CSS', () => {
  it('is served at the path the layout links', () => {
    expect(WIDGET_CSS_PATH).toBe('/kyc/assets/widget.css');
  });

  it('gives buttons and inputs 44 px touch targets and a visible focus', () => {
    expect(WIDGET_CSS.match(/min-height: 44px/g)?.length).toBeGreaterThanOrEqual(3);
    expect(WIDGET_CSS).toContain(':focus-visible');
  });

  it('loads nothing from elsewhere (CSP style-src self, no CDN)', () => {
    expect(WIDGET_CSS).not.toMatch(/@import|url\(/);
  });

  it('has balanced braces', () => {
    expect(WIDGET_CSS.split('{').length).toBe(WIDGET_CSS.split('}').length);
  });
});
