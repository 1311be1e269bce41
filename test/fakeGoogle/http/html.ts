/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:Roboto,Arial,sans-serif;background:#f0f4f9;margin:0;display:flex;justify-content:center}
main{background:#fff;border-radius:28px;padding:36px 40px;margin:48px 16px;max-width:640px;width:100%}
h1{font-weight:400;font-size:28px;margin:0 0 12px} .account{color:#444;margin-bottom:24px}
ul{list-style:none;padding:0} li{padding:10px 0;border-bottom:1px solid #e0e0e0}
.buttons{display:flex;gap:12px;justify-content:flex-end;margin-top:28px}
button{border-radius:20px;padding:10px 24px;font-size:14px;border:1px solid #747775;background:#fff;cursor:pointer}
#approve{background:#0b57d0;color:#fff;border-color:#0b57d0} .error{color:#b3261e}
.fake{font-size:12px;color:#777;margin-top:24px}
</style></head><body><main>${body}<p class="fake">Fake Google for tests: no real account is involved.</p></main></body></html>`;
}
