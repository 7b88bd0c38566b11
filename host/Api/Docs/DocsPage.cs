namespace Geopera.Clip.Host.Api.Docs;

/// <summary>
/// The browsable API reference at <c>/docs</c>: one self-contained page (no CDN — hosts may be
/// offline) that renders the OpenAPI document served at <c>/openapi/v1.json</c>.
/// </summary>
public static class DocsPage
{
    public const string Path = "/docs";
    public const string OpenApiPath = "/openapi/v1.json";

    public static void MapDocsPage(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();

    private const string Html = """
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Geopera Clip API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f7f8fa}
header{background:#14324f;color:#fff;padding:18px 32px}header h1{margin:0;font-size:22px}
main{max-width:1000px;margin:0 auto;padding:24px 32px}nav a{margin-right:12px}
section.op{background:#fff;border:1px solid #dde2ea;border-radius:8px;margin:18px 0;padding:16px 20px}
.verb{background:#1f7a4d;color:#fff;border-radius:4px;padding:2px 8px;font-weight:600;margin-right:8px}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f1f3f7;padding:10px;border-radius:6px;overflow:auto}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #e4e7ee;padding:4px 8px;text-align:left;vertical-align:top}
.req{color:#b3261e;font-weight:600}.muted{color:#5b6473}.status{font-weight:600}
</style></head>
<body><header><h1>Geopera Clip API</h1><div id="info" class="muted"></div></header>
<main><p>Every operation is <code>POST /v1/op/{operation_id}</code> with a JSON body and
<code>Authorization: Bearer gpra_…</code>. Errors are RFC 9457 <code>application/problem+json</code>.
Machine-readable document: <a href="/openapi/v1.json">/openapi/v1.json</a>.</p>
<nav id="toc"></nav><div id="ops">Loading…</div></main>
<script>
const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
let doc;
// Descriptions are CommonMark; the document uses inline code, emphasis and paragraphs only.
const md = s => esc(s).split(/\n{2,}/).map(p => p
  .replace(/`([^`]+)`/g, '<code>$1</code>')
  .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')).join('</p><p>');
function resolve(schema) {
  let s = schema || {}, guard = 0;
  while (s.$ref && guard++ < 20) s = doc.components.schemas[s.$ref.split('/').pop()] || {};
  // A problem of one status: the Problem schema with its status fixed.
  if (s.allOf) return s.allOf.map(resolve).reduce((a, b) => ({...a, ...b, properties: {...(a.properties || {}), ...(b.properties || {})},
    required: [...(a.required || []), ...(b.required || [])]}), {});
  return s;
}
function typeOf(schema) {
  const s = resolve(schema);
  if (schema && schema.$ref) return schema.$ref.split('/').pop();
  if (s.enum) return s.enum.map(v => JSON.stringify(v)).join(' | ');
  if (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'))) return typeOf(s.items) + '[]';
  return Array.isArray(s.type) ? s.type.filter(t => t !== 'null').join('|') : (s.type || (s.format || 'any'));
}
function fields(schema) {
  const s = resolve(schema);
  if (!s.properties) return `<p><code>${esc(typeOf(schema))}</code></p>`;
  const req = new Set(s.required || []);
  const rows = Object.entries(s.properties).map(([name, p]) =>
    `<tr><td><code>${esc(name)}</code>${req.has(name) ? ' <span class="req">required</span>' : ''}</td>`
    + `<td><code>${esc(typeOf(p))}</code></td><td>${md(p.description || resolve(p).description || '')}${rules(resolve(p))}</td></tr>`);
  return `<table><tr><th>field</th><th>type</th><th>description</th></tr>${rows.join('')}</table>`;
}
function rules(s) {
  const r = [];
  if (s.minLength != null || s.maxLength != null) r.push(`${s.minLength ?? 0}-${s.maxLength ?? '∞'} characters`);
  if (s.minItems != null || s.maxItems != null) r.push(`${s.minItems ?? 0}-${s.maxItems ?? '∞'} items`);
  if (s.minimum != null || s.maximum != null) r.push(`${s.minimum ?? '−∞'} to ${s.maximum ?? '∞'}`);
  if (s.pattern) r.push(`pattern <code>${esc(s.pattern)}</code>`);
  return r.length ? ` <span class="muted">(${r.join('; ')})</span>` : '';
}
function headers(r) {
  const h = Object.entries(r.headers || {});
  return h.length ? '<br><span class="muted">headers: ' + h.map(([n, v]) => `<code>${esc(n)}</code>${v.required ? '' : ' (sometimes)'}`).join(', ') + '</span>' : '';
}
function render() {
  document.getElementById('info').textContent = `${doc.info.title} ${doc.info.version}`;
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths || {}))
    for (const [verb, op] of Object.entries(item)) ops.push({path, verb, op});
  document.getElementById('toc').innerHTML = ops.map(o => `<a href="#${esc(o.op.operationId)}">${esc(o.op.operationId)}</a>`).join('');
  document.getElementById('ops').innerHTML = ops.map(({path, verb, op}) => {
    const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
    const params = (op.parameters || []).map(p => `<tr><td><code>${esc(p.name)}</code> (${esc(p.in)})${p.required ? ' <span class="req">required</span>' : ''}</td><td>${md(p.description || '')}</td></tr>`).join('');
    const responses = Object.entries(op.responses || {}).map(([code, r]) => {
      const media = Object.keys(r.content || {});
      const schema = media.length ? r.content[media[0]].schema : null;
      const body = schema ? fields(schema) : (media.length ? '<p class="muted">raw bytes</p>' : '');
      return `<tr><td class="status">${esc(code)}</td><td>${md(r.description || '')}${headers(r)}</td><td><code>${esc(media.join(', '))}</code></td><td>${body}</td></tr>`;
    }).join('');
    const scopes = (op.security || []).flatMap(s => Object.values(s).flat());
    return `<section class="op" id="${esc(op.operationId)}"><h2><span class="verb">${esc(verb.toUpperCase())}</span><code>${esc(path)}</code></h2>
      <p><strong>${esc(op.summary || '')}</strong></p><p>${md(op.description || '')}</p>
      ${scopes.length ? `<p>Scope: <code>${esc(scopes.join(', '))}</code></p>` : ''}
      ${params ? `<h3>Headers</h3><table>${params}</table>` : ''}
      ${body ? `<h3>Request body</h3>${fields(body.schema)}` : ''}
      <h3>Responses</h3><table><tr><th>status</th><th>meaning</th><th>media type</th><th>body</th></tr>${responses}</table></section>`;
  }).join('');
}
fetch('/openapi/v1.json').then(r => r.json()).then(d => { doc = d; render(); })
  .catch(e => { document.getElementById('ops').textContent = 'Could not load /openapi/v1.json: ' + e; });
</script></body></html>
""";
}
