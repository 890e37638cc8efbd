/**
 * The dev mailbox's stylesheet: self-contained (no fonts or images fetched), light and dark,
 * served from /dev/mailbox/mailbox.css so the pages' CSP allows no inline styles.
 */
export const MAILBOX_STYLESHEET = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6577; --bg: #f6f7f9;
  --card: #ffffff; --line: #dde1e8; --accent: #2f5bd3; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ef; --muted: #9aa4b5; --bg: #12151b; --card: #1b2029; --line: #2c3340;
    --accent: #7aa2ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { padding: 12px 24px; border-bottom: 1px solid var(--line); background: var(--card); }
header a { color: var(--fg); font-weight: 600; text-decoration: none; }
main { max-width: 960px; margin: 24px auto; padding: 0 24px; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 16px; margin: 24px 0 8px; color: var(--muted); }
a { color: var(--accent); }
.lead, .meta { color: var(--muted); }
ol.messages { list-style: none; padding: 0; margin: 0; background: var(--card);
  border: 1px solid var(--line); border-radius: 8px; }
ol.messages li { padding: 12px 16px; border-top: 1px solid var(--line); display: flex;
  flex-direction: column; gap: 2px; }
ol.messages li:first-child { border-top: 0; }
.status { font-variant: small-caps; }
pre { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px;
  white-space: pre-wrap; word-break: break-word; font: 13px/1.5 ui-monospace, monospace; }
iframe.html-body { width: 100%; height: 480px; border: 1px solid var(--line); border-radius: 8px;
  background: #ffffff; }
`;
