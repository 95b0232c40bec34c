/**
 * The console's one stylesheet (served from `/console/static/console.css`, so CSP needs no inline styles).
 * Colours meet WCAG 2.2 AA contrast (4.5:1 for text): ink #1b1d21 and muted #4a5060 on white,
 * white on accent #1f4fd1 (6.3:1). https://www.w3.org/TR/WCAG22/#contrast-minimum
 */
export const CONSOLE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1d21;background:#f6f7f9}
body{margin:0}
a{color:#1f4fd1}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.75rem 1.5rem;background:#111827;color:#fff}
header.top .brand{font-weight:700;color:#fff;text-decoration:none;font-size:1.1rem}
header.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
header.top nav a{color:#e5e7eb;text-decoration:none;padding:.25rem 0;border-bottom:2px solid transparent}
header.top nav a[aria-current=page]{color:#fff;border-bottom-color:#93c5fd}
header.top .who{margin-left:auto;display:flex;align-items:center;gap:.75rem;font-size:.9rem;color:#d1d5db}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}
.card > h2:first-child{margin-top:0}
.muted{color:#4a5060}
.layers{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid #e3e6eb;vertical-align:top}
th{font-weight:600;background:#eef1f5}
.table-wrap{overflow-x:auto;border:1px solid #d8dce3;border-radius:8px}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input[type=text],input[type=password],select{font:inherit;padding:.5rem .6rem;border:1px solid #6b7280;border-radius:6px;width:100%;max-width:28rem;background:#fff;color:inherit}
input[type=file]{font:inherit;display:block;width:100%;max-width:36rem;padding:1.5rem 1rem;border:2px dashed #6b7280;border-radius:8px;background:#fff}
button,.button{font:inherit;display:inline-block;padding:.5rem 1rem;border-radius:6px;border:1px solid #1f4fd1;background:#1f4fd1;color:#fff;cursor:pointer;text-decoration:none;margin-top:.75rem}
button.secondary{background:#fff;color:#1f4fd1}
header.top button{margin:0;padding:.25rem .75rem;background:transparent;border-color:#9ca3af;color:#fff}
.inline{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.inline label{margin-top:0}
.inline > div{flex:0 1 14rem}
.error{border-left:4px solid #b42318;background:#fef3f2;color:#7a1a12;padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}
.error strong{display:block}
.ok{border-left:4px solid #067647;background:#ecfdf3;color:#054f31;padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}
.badge{display:inline-block;padding:.1rem .6rem;border-radius:999px;font-weight:700;font-size:.9rem;border:1px solid currentColor}
.state-trusted,.status-succeeded{color:#067647;background:#ecfdf3}
.state-valid,.status-running,.status-queued{color:#1f4fd1;background:#eef4ff}
.state-invalid,.status-failed{color:#b42318;background:#fef3f2}
.state-absent,.status-cancelled{color:#4a5060;background:#f2f4f7}
.state-matched{color:#b54708;background:#fffaeb}
.thumb{display:block;width:96px;height:96px;object-fit:contain;background:#e5e7eb;border-radius:4px}
.thumb-lg{display:block;max-width:100%;height:auto;max-height:320px;background:#e5e7eb;border-radius:4px}
.swatches{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:0}
.swatches li{width:8.5rem;font-size:.85rem}
.swatches svg{display:block;border:1px solid #d8dce3;border-radius:6px}
.refs{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:0}
.refs li{width:10rem;font-size:.85rem}
.refs img{width:10rem;height:8rem;object-fit:cover;border-radius:6px;background:#e5e7eb;display:block}
dl.kv{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
dl.kv dt{font-weight:600}
dl.kv dd{margin:0;overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;overflow-wrap:anywhere}
figure.chart{margin:0}
figure.chart svg{width:100%;height:auto;max-width:44rem;display:block}
figcaption{font-size:.9rem;color:#4a5060}
.meter{display:block;width:100%;max-width:28rem;height:1rem}
ol.chain{padding-left:1.25rem}
.added{color:#067647}.removed{color:#b42318}.changed{color:#93370d}
@media (max-width:700px){
  main{padding:1rem}
  header.top{padding:.75rem 1rem}
  header.top .who{margin-left:0}
  dl.kv{grid-template-columns:1fr}
  dl.kv dd{margin-bottom:.5rem}
  .hide-narrow{display:none}
}
`;
