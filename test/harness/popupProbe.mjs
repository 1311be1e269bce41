// A one-button "consent" page on 127.0.0.1 for the harness smoke test: the test opens it with
// vscode.env.openExternal, the runner's onPopup clicks the button, the test polls /status. It proves the path
// the sign-in tests use (openExternal -> browser page -> a click the user would make), without Google.
import http from 'node:http';

export async function startPopupProbe() {
  let approved = false;
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://probe');
    if (req.method === 'GET' && pathname.endsWith('/consent')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Probe consent</title><form method="post" action="approve"><button id="approve">Allow</button></form>');
    } else if (req.method === 'POST' && pathname.endsWith('/approve')) {
      approved = true;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('approved');
    } else if (req.method === 'GET' && pathname === '/status') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ approved }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    /** Clicks "Allow" when the popup is the probe's consent page; returns whether it was. */
    async handlePopup(page) {
      await page.waitForLoadState('domcontentloaded');
      if (!new URL(page.url()).pathname.endsWith('/consent')) return false;
      await page.click('#approve');
      await page.waitForLoadState('domcontentloaded');
      return true;
    },
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
