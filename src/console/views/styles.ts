/**
 * The console's one stylesheet, served at CONSOLE_CSS_PATH (same origin, so the CSP needs only
 * `style-src 'self'`). Mobile first: navigation wraps, tables scroll sideways inside their
 * box, 44 px targets, visible focus, AA contrast.
 */
export const CONSOLE_CSS_PATH = '/console/assets/console.css';

export const CONSOLE_CSS = `*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  line-height: 1.5; color: #1a1a1a; background: #f4f5f7;
}
a { color: #1f4f8f; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem; z-index: 1; }
.banner { background: #1f3a5f; color: #fff; padding: 0.5rem 1rem; }
.banner a { color: #fff; }
.banner-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; }
.brand { margin: 0; font-weight: 700; }
.nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0;
  padding: 0; }
.nav a { display: inline-block; padding: 0.5rem 0; min-height: 44px; }
.nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.who { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; }
.page { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
.panel { background: #fff; border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
  gap: 0.75rem;
  list-style: none; padding: 0; margin: 0; }
.figures li { background: #fff; border-radius: 6px; padding: 0.75rem; }
.figures strong { display: block; font-size: 1.25rem; overflow-wrap: anywhere; }
.table-box { overflow-x: auto; background: #fff; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid #d5d9e0; vertical-align: top; }
td.money, th.money { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.field { margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
fieldset { border: 1px solid #8a94a6; border-radius: 4px; margin: 0 0 1rem; }
fieldset label { display: inline-block; font-weight: 400; margin-right: 1rem; }
input[type="text"], input[type="email"], input[type="password"], input[type="date"],
input[type="search"], input[type="number"], select, textarea {
  display: block; width: 100%; max-width: 28rem; min-height: 44px; padding: 0.5rem 0.75rem;
  font: inherit; color: inherit; background: #fff; border: 2px solid #4a5568; border-radius: 4px;
}
input[aria-invalid="true"] { border-color: #b3261e; }
.field-error { color: #b3261e; margin: 0.25rem 0 0; }
.inline-form { display: inline; }
.row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; }
button, .button {
  display: inline-block; min-height: 44px; min-width: 44px; padding: 0.5rem 1rem; font: inherit;
  font-weight: 600; color: #fff; background: #1e6b41; border: 0; border-radius: 4px;
  cursor: pointer;
  text-decoration: none;
}
button.secondary, .button.secondary { background: #4a5568; }
button.danger { background: #9b1c1c; }
button.link { background: none; color: #fff; text-decoration: underline; padding: 0.5rem 0; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.notice { padding: 0.75rem 1rem; background: #e6f4ea; border-left: 4px solid #1e6b41; }
.error-summary { padding: 0.75rem 1rem; color: #b3261e; background: #fff;
  border: 2px solid #b3261e; }
.secret { font-family: ui-monospace, monospace; word-break: break-all; background: #eef2f7;
  padding: 0.25rem 0.5rem; }
.chart-box { position: relative; background: #fff; border-radius: 6px; padding: 0.5rem;
  height: 18rem; }
.pager { display: flex; gap: 1rem; align-items: center; margin: 0.5rem 0; }
.muted { color: #4a5568; }
@media (min-width: 48rem) { .page { padding: 1.5rem 2rem; } .columns { display: grid;
  grid-template-columns: 1fr 1fr; gap: 1rem; } }
`;
