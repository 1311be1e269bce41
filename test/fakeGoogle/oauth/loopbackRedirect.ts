/**
 * Desktop clients may redirect only to a loopback address on any port (RFC 8252 section 7.3), which is what
 * Google allows for "Desktop app" clients: http://127.0.0.1:PORT/..., http://[::1]:PORT/..., http://localhost:PORT/...
 */
export function isLoopbackRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '' || url.hash !== '') return false;
  return url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
}
