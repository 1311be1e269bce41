import { strict as assert } from 'node:assert';
import { WorkerAttachmentExtractor } from '../../../src/mail/attachments/attachmentExtractor';
import type { ExtractionResult } from '../../../src/mail/attachments/attachmentExtractor';
import { pdfDocument } from './fixtureFiles';

/**
 * One hiding technique (or one visible control) a line, each line carrying its own marker word; the PDF is built
 * here, read once through the extraction worker, and each test looks for its marker on the side it belongs to.
 */
const LIMITS = { maxPages: 10, maxChars: 100_000 };

const esc = (text: string) => text.replace(/[()\\]/g, '\\$&');
/** One line of 12 pt text at (72, y), with graphics state set before BT inside its own q/Q. */
const line = (marker: string, y: number, { before = '', inText = '', size = 12, x = 72 } = {}) => `q ${before} BT ${inText} /F1 ${size} Tf ${x} ${y} Td (${esc(`${marker} text`)}) Tj ET Q`;

interface Case {
  readonly marker: string;
  readonly hidden: boolean;
  /** The reason counted for it (hidden cases). */
  readonly reason?: string;
  readonly draw: (y: number) => string;
}

const CASES: Case[] = [
  { marker: 'visibleplain', hidden: false, draw: (y) => line('visibleplain', y) },
  { marker: 'visiblehalfalpha', hidden: false, draw: (y) => line('visiblehalfalpha', y, { before: '/GShalf gs' }) },
  { marker: 'visiblegrey', hidden: false, draw: (y) => line('visiblegrey', y, { before: '0.45 g' }) },
  { marker: 'visibleinclip', hidden: false, draw: (y) => line('visibleinclip', y, { before: `60 ${y - 5} 400 20 re W n` }) },
  { marker: 'visiblelayeron', hidden: false, draw: (y) => `/OC /LOn BDC ${line('visiblelayeron', y)} EMC` },
  { marker: 'visibleonbox', hidden: false, draw: (y) => `q 0.9 0.9 0.9 rg 60 ${y - 5} 400 20 re f Q ${line('visibleonbox', y)}` },
  { marker: 'visiblewhiteondark', hidden: false, draw: (y) => `q 0 0 0.4 rg 60 ${y - 5} 400 20 re f Q ${line('visiblewhiteondark', y, { before: '1 1 1 rg' })}` },
  { marker: 'visiblesmall', hidden: false, draw: (y) => line('visiblesmall', y, { size: 6 }) },
  { marker: 'visiblescaled', hidden: false, draw: (y) => line('visiblescaled', y * 2, { before: '0.5 0 0 0.5 0 0 cm', x: 144 }) },
  { marker: 'visiblestroked', hidden: false, draw: (y) => line('visiblestroked', y, { inText: '1 Tr' }) },
  { marker: 'visiblebelowbox', hidden: false, draw: (y) => `${line('visiblebelowbox', y)} q 1 1 1 rg 60 ${y - 40} 400 20 re f Q` },
  { marker: 'visibleform', hidden: false, draw: (y) => `q 1 0 0 1 72 ${y} cm /FmShown Do Q` },
  { marker: 'hiddenmodethree', hidden: true, reason: 'transparent', draw: (y) => line('hiddenmodethree', y, { inText: '3 Tr' }) },
  { marker: 'hiddenmodeseven', hidden: true, reason: 'transparent', draw: (y) => line('hiddenmodeseven', y, { inText: '7 Tr' }) },
  { marker: 'hiddenfillalpha', hidden: true, reason: 'transparent', draw: (y) => line('hiddenfillalpha', y, { before: '/GSclear gs' }) },
  { marker: 'hiddenstrokealpha', hidden: true, reason: 'transparent', draw: (y) => line('hiddenstrokealpha', y, { before: '/GSclear gs', inText: '1 Tr' }) },
  { marker: 'hiddenemptyclip', hidden: true, reason: 'clipped', draw: (y) => line('hiddenemptyclip', y, { before: '0 0 0 0 re W n' }) },
  { marker: 'hiddenclipelsewhere', hidden: true, reason: 'clipped', draw: (y) => line('hiddenclipelsewhere', y, { before: '500 20 10 10 re W n' }) },
  { marker: 'hiddenzerohscale', hidden: true, reason: 'zeroSize', draw: (y) => line('hiddenzerohscale', y, { inText: '0 Tz' }) },
  { marker: 'hiddenzeroctm', hidden: true, reason: 'zeroSize', draw: (y) => line('hiddenzeroctm', y, { before: '1 0 0 0 0 0 cm' }) },
  { marker: 'hiddenzerotm', hidden: true, reason: 'zeroSize', draw: (y) => `BT /F1 12 Tf 0 0 0 0 72 ${y} Tm (hiddenzerotm text) Tj ET` },
  { marker: 'hiddenoffpage', hidden: true, reason: 'offScreen', draw: (y) => line('hiddenoffpage', y, { x: 2000 }) },
  { marker: 'hiddenbelowpage', hidden: true, reason: 'offScreen', draw: () => line('hiddenbelowpage', -300) },
  { marker: 'hiddenlayeroff', hidden: true, reason: 'hiddenLayer', draw: (y) => `/OC /LOff BDC ${line('hiddenlayeroff', y)} EMC` },
  { marker: 'hiddenformlayeroff', hidden: true, reason: 'hiddenLayer', draw: (y) => `q 1 0 0 1 72 ${y} cm /FmHidden Do Q` },
  { marker: 'hiddenlayerunknown', hidden: true, reason: 'unevaluatedStyle', draw: (y) => `/OC /NoSuchLayer BDC ${line('hiddenlayerunknown', y)} EMC` },
  { marker: 'hiddentiny', hidden: true, reason: 'tinyFont', draw: (y) => line('hiddentiny', y, { size: 1.5 }) },
  { marker: 'hiddentinyctm', hidden: true, reason: 'tinyFont', draw: (y) => line('hiddentinyctm', y * 10, { before: '0.1 0 0 0.1 0 0 cm', x: 720 }) },
  { marker: 'hiddenwhite', hidden: true, reason: 'sameColourAsBackground', draw: (y) => line('hiddenwhite', y, { before: '1 1 1 rg' }) },
  { marker: 'hiddennearwhite', hidden: true, reason: 'sameColourAsBackground', draw: (y) => line('hiddennearwhite', y, { before: '0.97 0.98 0.97 rg' }) },
  { marker: 'hiddenonsamebox', hidden: true, reason: 'sameColourAsBackground', draw: (y) => `q 0 0 1 rg 60 ${y - 5} 400 20 re f Q ${line('hiddenonsamebox', y, { before: '0 0 1 rg' })}` },
  { marker: 'hiddencovered', hidden: true, reason: 'covered', draw: (y) => `${line('hiddencovered', y)} q 1 1 1 rg 60 ${y - 5} 400 20 re f Q` },
  { marker: 'hiddencoveredtriangle', hidden: true, reason: 'covered', draw: (y) => `${line('hiddencoveredtriangle', y)} q 1 1 1 rg 40 ${y - 30} m 700 ${y - 30} l 40 ${y + 200} l f Q` },
  // The triangle's bounding box covers the line; the triangle itself leaves its left end uncovered.
  { marker: 'visiblebesidetriangle', hidden: false, draw: (y) => `${line('visiblebesidetriangle', y)} q 1 1 1 rg 40 ${y - 30} m 700 ${y - 30} l 700 ${y + 60} l f Q` },
  { marker: 'hiddenundershading', hidden: true, reason: 'covered', draw: (y) => `${line('hiddenundershading', y)} q 60 ${y - 5} 400 20 re W n /Sh0 sh Q` },
  { marker: 'visibleonshading', hidden: false, draw: (y) => `q 60 ${y - 5} 400 20 re W n /Sh0 sh Q ${line('visibleonshading', y)}` },
  { marker: 'hiddenunderinlineimage', hidden: true, reason: 'covered', draw: (y) => `${line('hiddenunderinlineimage', y)} q 400 0 0 20 60 ${y - 5} cm ${inlineImage(255)} Q` },
  { marker: 'hiddenunderimage', hidden: true, reason: 'covered', draw: (y) => `${line('hiddenunderimage', y)} q 400 0 0 20 60 ${y - 5} cm /ImWhite Do Q` },
  { marker: 'visiblewhiteonphoto', hidden: false, draw: (y) => `q 400 0 0 20 60 ${y - 5} cm ${inlineImage(20)} Q ${line('visiblewhiteonphoto', y, { before: '1 1 1 rg' })}` },
  { marker: 'hiddendarkonphoto', hidden: true, reason: 'sameColourAsBackground', draw: (y) => `q 400 0 0 20 60 ${y - 5} cm ${inlineImage(20)} Q ${line('hiddendarkonphoto', y, { before: '0.08 0.08 0.08 rg' })}` },
  { marker: 'hiddenclippedbytext', hidden: true, reason: 'clipped', draw: (y) => `q BT 7 Tr /F1 12 Tf 500 20 Td (x) Tj 0 Tr ET ${line('hiddenclippedbytext', y)} Q` },
  { marker: 'hiddenpiledup', hidden: true, reason: 'zeroSize', draw: (y) => line('hiddenpiledup', y, { inText: '-6.5 Tc' }) },
  { marker: 'visiblecondensed', hidden: false, draw: (y) => line('visiblecondensed', y, { inText: '-1 Tc' }) },
  { marker: 'hiddensoftmask', hidden: true, reason: 'unevaluatedStyle', draw: (y) => line('hiddensoftmask', y, { before: '/GSmask gs' }) },
];

/** A 2 x 2 RGB picture of one grey level, inline in the content stream. */
const inlineImage = (level: number) => `BI /W 2 /H 2 /CS /RGB /BPC 8 ID ${String.fromCharCode(level).repeat(12)} EI`;

const form = (text: string, extra = '') => {
  const stream = `BT /F1 12 Tf 0 0 Td (${text}) Tj ET`;
  return `<< /Type /XObject /Subtype /Form /BBox [0 -10 500 20] ${extra} /Resources << /Font << /F1 3 0 R >> >> /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
};

/** Objects 4.. of the file: graphics states, layers, forms. */
const OBJECTS = [
  '<< /Type /ExtGState /ca 0 /CA 0 >>', // 4 GSclear
  '<< /Type /ExtGState /ca 0.5 >>', // 5 GShalf
  '<< /Type /OCG /Name (Off) >>', // 6
  '<< /Type /OCG /Name (On) >>', // 7
  form('visibleform text'), // 8
  form('hiddenformlayeroff text', '/OC 6 0 R'), // 9
  form('mask'), // 10 (the soft mask's group)
  '<< /Type /ExtGState /SMask << /Type /Mask /S /Luminosity /G 10 0 R >> >>', // 11 GSmask
  '<< /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 600 0] /Function << /FunctionType 2 /Domain [0 1] /C0 [0.9 0.9 1] /C1 [1 0.9 0.9] /N 1 >> >>', // 12 Sh0
  `<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 12 >>\nstream\n${'\xff'.repeat(12)}\nendstream`, // 13 ImWhite
];

function buildPdf(): Buffer {
  const perPage = 18;
  const pages: string[] = [];
  for (let i = 0; i < CASES.length; i += perPage) pages.push(CASES.slice(i, i + perPage).map((c, k) => c.draw(740 - k * 38)).join('\n'));
  return pdfDocument({
    objects: OBJECTS,
    catalog: '/OCProperties << /OCGs [6 0 R 7 0 R] /D << /OFF [6 0 R] /ON [7 0 R] >> >>',
    pages: pages.map((content) => ({
      content,
      resources: '/ExtGState << /GSclear 4 0 R /GShalf 5 0 R /GSmask 11 0 R >> /Properties << /LOff 6 0 R /LOn 7 0 R >> /XObject << /FmShown 8 0 R /FmHidden 9 0 R /ImWhite 13 0 R >> /Shading << /Sh0 12 0 R >>',
    })),
  });
}

describe('attachments: PDF text visibility from the content stream', function () {
  this.timeout(60_000);
  let result: ExtractionResult;
  let cropped: ExtractionResult;

  before(async () => {
    const extractor = new WorkerAttachmentExtractor({ timeLimitMs: 30_000 });
    result = await extractor.extract({ bytes: buildPdf(), mimeType: 'application/pdf', filename: 'cases.pdf' }, LIMITS);
    const crop = pdfDocument({ pages: [{ content: `${line('visibleincrop', 100)}\n${line('hiddenoutsidecrop', 700)}`, cropBox: [0, 0, 612, 400] }] });
    cropped = await extractor.extract({ bytes: crop, mimeType: 'application/pdf', filename: 'crop.pdf' }, LIMITS);
  });

  for (const c of CASES) {
    it(`${c.hidden ? 'withholds' : 'keeps'} ${c.marker}`, () => {
      const marker = new RegExp(`\\b${c.marker} text\\b`);
      if (c.hidden) {
        assert.doesNotMatch(result.visibleText, marker, 'never in the visible text');
        assert.match(result.hiddenText, marker, 'kept as hidden text');
        const passage = result.hiddenPassages?.find((p) => marker.test(p.text));
        assert.equal(passage?.reason, c.reason);
      } else {
        assert.match(result.visibleText, marker);
        assert.doesNotMatch(result.hiddenText, marker);
      }
    });
  }

  it('withholds text outside the crop box (inside the media box) and keeps the text inside it', () => {
    assert.match(cropped.visibleText, /visibleincrop text/);
    assert.doesNotMatch(cropped.visibleText, /hiddenoutsidecrop/);
    assert.deepEqual(cropped.hiddenRuns, { offScreen: 1 });
  });

  it('counts every hidden case and none of the visible ones', () => {
    const hiddenCases = CASES.filter((c) => c.hidden).length;
    const counted = Object.values(result.hiddenRuns).reduce((n, v) => n + (v ?? 0), 0);
    assert.equal(result.hiddenPassages?.length, counted);
    assert.ok(counted <= hiddenCases && counted > 0);
  });
});
