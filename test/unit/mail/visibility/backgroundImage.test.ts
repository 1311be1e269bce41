import { strict as assert } from 'node:assert';
import { sanitizeHtml } from '../../../../src/mail/visibility/sanitize';

/**
 * Under a background image the contrast of text cannot be judged, except against the colour painted where the image
 * is not (blocked, not loaded, transparent): text of that very colour is withheld, whatever the image might show.
 * And in quirks mode (mail without a doctype) a table does not inherit the colour around it (Chromium's quirks.css),
 * so a white font around a table does not make the table's text white.
 */
const text = (html: string) => sanitizeHtml(html).text;

describe('visibility: text over a background image, and tables in quirks mode', () => {
  it('withholds text the colour of the fallback under an image', () => {
    assert.doesNotMatch(text('<div style="background:url(https://img.example/x.png) white"><span style="color:white">SECRET</span></div><p>Hi</p>'), /SECRET/);
    assert.doesNotMatch(text('<table><tr><td background="x.png" bgcolor="#ffffff"><font color="#fffffe">SECRET</font></td></tr></table><p>Hi</p>'), /SECRET/);
    assert.doesNotMatch(text('<body><div style="background-image:url(x.png)"><span style="color:#fff">SECRET</span></div><p>Hi</p></body>'), /SECRET/, 'the page white shows through');
  });

  it('keeps text that stands out from the fallback', () => {
    assert.match(text('<div style="background:#333 url(x.png)"><span style="color:#fff">SHOWN</span></div>'), /SHOWN/);
    assert.match(text('<table><tr><td background="x.png" bgcolor="#1e5c99"><font color="#ffffff">SHOWN</font></td></tr></table>'), /SHOWN/);
  });

  it('in quirks mode a table takes the initial colour, not the font around it', () => {
    assert.match(text('<body bgcolor="#ffffff"><font color="#ffffff"><table><tr><td>SHOWN</td></tr></table></font></body>'), /SHOWN/);
    assert.doesNotMatch(text('<!DOCTYPE html><body bgcolor="#ffffff"><font color="#ffffff"><table><tr><td>SECRET</td></tr></table></font><p>Hi</p></body>'), /SECRET/);
    assert.doesNotMatch(text('<body bgcolor="#ffffff"><table><tr><td><font color="#ffffff">SECRET</font></td></tr></table><p>Hi</p></body>'), /SECRET/, 'a font inside the cell still colours');
  });
});
