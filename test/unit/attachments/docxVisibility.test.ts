import { strict as assert } from 'node:assert';
import { WorkerAttachmentExtractor, type ExtractionResult } from '../../../src/mail/attachments/attachmentExtractor';
import { docxDocument } from './fixtureFiles';

/**
 * Word hiding techniques, one paragraph (or row) each with its own marker word, resolved through the style
 * hierarchy; the file is built here and read once through the extraction worker.
 */
const LIMITS = { maxPages: 10, maxChars: 100_000 };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const para = (marker: string, { pPr = '', rPr = '' } = {}) =>
  `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${marker} text</w:t></w:r></w:p>`;
const row = (marker: string, trPr = '', tcPr = '', rPr = '') =>
  `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${para(marker, { rPr })}</w:tc></w:tr>`;

/** A floating DrawingML text box anchored at `offset` EMU from the column, with extra wp:docPr attributes. */
const textBox = (marker: string, docPr: string, offset: number) =>
  `<w:drawing><wp:anchor><wp:positionH relativeFrom="column"><wp:posOffset>${offset}</wp:posOffset></wp:positionH><wp:docPr id="1" name="Box"${docPr}/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>${para(marker)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>`;

interface Case {
  readonly marker: string;
  readonly hidden: boolean;
  readonly reason?: string;
  readonly xml: string;
}

const CASES: Case[] = [
  { marker: 'visibleplain', hidden: false, xml: para('visibleplain') },
  { marker: 'visiblegrey', hidden: false, xml: para('visiblegrey', { rPr: '<w:color w:val="777777"/>' }) },
  { marker: 'visiblewhiteonshade', hidden: false, xml: para('visiblewhiteonshade', { rPr: '<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>' }) },
  { marker: 'visiblewhiteonhighlight', hidden: false, xml: para('visiblewhiteonhighlight', { rPr: '<w:color w:val="FFFFFF"/><w:highlight w:val="darkBlue"/>' }) },
  { marker: 'visiblevanishoff', hidden: false, xml: para('visiblevanishoff', { rPr: '<w:vanish w:val="0"/>' }) },
  { marker: 'visibleunhiddenbystyle', hidden: false, xml: para('visibleunhiddenbystyle', { pPr: '<w:pStyle w:val="ShownChild"/>' }) },
  { marker: 'visiblesmall', hidden: false, xml: para('visiblesmall', { rPr: '<w:sz w:val="12"/>' }) },
  { marker: 'visiblerow', hidden: false, xml: `<w:tbl>${row('visiblerow')}</w:tbl>` },
  { marker: 'visibleautocolour', hidden: false, xml: para('visibleautocolour', { rPr: '<w:color w:val="auto"/><w:shd w:val="clear" w:fill="000000"/>' }) },
  { marker: 'hiddenvanish', hidden: true, reason: 'hiddenAttribute', xml: para('hiddenvanish', { rPr: '<w:vanish/>' }) },
  { marker: 'hiddenspecvanish', hidden: true, reason: 'hiddenAttribute', xml: para('hiddenspecvanish', { rPr: '<w:specVanish/>' }) },
  { marker: 'hiddencharstyle', hidden: true, reason: 'hiddenAttribute', xml: para('hiddencharstyle', { rPr: '<w:rStyle w:val="SneakyChild"/>' }) },
  { marker: 'hiddenparastyle', hidden: true, reason: 'hiddenAttribute', xml: para('hiddenparastyle', { pPr: '<w:pStyle w:val="HiddenPara"/>' }) },
  { marker: 'hiddenwhite', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddenwhite', { rPr: '<w:color w:val="FFFFFF"/>' }) },
  { marker: 'hiddennearwhite', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddennearwhite', { rPr: '<w:color w:val="FCFDFC"/>' }) },
  { marker: 'hiddenwhitebystyle', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddenwhitebystyle', { pPr: '<w:pStyle w:val="WhiteChild"/>' }) },
  { marker: 'hiddenonrunshade', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddenonrunshade', { rPr: '<w:color w:val="1F3864"/><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>' }) },
  { marker: 'hiddenonparashade', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddenonparashade', { pPr: '<w:shd w:val="clear" w:fill="C00000"/>', rPr: '<w:color w:val="C00000"/>' }) },
  { marker: 'hiddenonhighlight', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddenonhighlight', { rPr: '<w:color w:val="FFFF00"/><w:highlight w:val="yellow"/>' }) },
  { marker: 'hiddenoncellshade', hidden: true, reason: 'sameColourAsBackground', xml: `<w:tbl>${row('hiddenoncellshade', '', '<w:shd w:val="clear" w:fill="00B050"/>', '<w:color w:val="00B050"/>')}</w:tbl>` },
  { marker: 'hiddentiny', hidden: true, reason: 'tinyFont', xml: para('hiddentiny', { rPr: '<w:sz w:val="2"/>' }) },
  { marker: 'hiddentinyscale', hidden: true, reason: 'tinyFont', xml: para('hiddentinyscale', { rPr: '<w:w w:val="5"/>' }) },
  { marker: 'visiblecondensed', hidden: false, xml: para('visiblecondensed', { rPr: '<w:spacing w:val="-20"/>' }) },
  { marker: 'hiddencondensed', hidden: true, reason: 'zeroSize', xml: para('hiddencondensed', { rPr: '<w:spacing w:val="-400"/>' }) },
  { marker: 'visibleraised', hidden: false, xml: para('visibleraised', { rPr: '<w:position w:val="6"/>' }) },
  { marker: 'hiddenlowered', hidden: true, reason: 'offScreen', xml: para('hiddenlowered', { rPr: '<w:position w:val="-4000"/>' }) },
  // mammoth reads a text box through its VML form (Word writes one as mc:Fallback beside the DrawingML one).
  { marker: 'visiblevmlbox', hidden: false, xml: `<w:p><w:r><w:pict><v:shape style="position:absolute;width:200pt"><v:textbox><w:txbxContent>${para('visiblevmlbox')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>` },
  { marker: 'hiddentextbox', hidden: true, reason: 'hiddenAttribute', xml: `<w:p><w:r>${textBox('hiddentextbox', ' hidden="1"', 914400)}</w:r></w:p>` },
  { marker: 'hiddenfartextbox', hidden: true, reason: 'offScreen', xml: `<w:p><w:r>${textBox('hiddenfartextbox', '', -90000000)}</w:r></w:p>` },
  { marker: 'hiddenvmlbox', hidden: true, reason: 'hiddenAttribute', xml: `<w:p><w:r><w:pict><v:shape style="position:absolute;visibility:hidden"><v:textbox><w:txbxContent>${para('hiddenvmlbox')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>` },
  { marker: 'hiddenthemewhite', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddenthemewhite', { rPr: '<w:color w:val="000000" w:themeColor="background1"/>' }) },
  { marker: 'visiblethemetext', hidden: false, xml: para('visiblethemetext', { rPr: '<w:color w:val="FFFFFF" w:themeColor="text1"/>' }) },
  { marker: 'visiblewhiteonthemefill', hidden: false, xml: para('visiblewhiteonthemefill', { rPr: '<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:color="auto" w:fill="FFFFFF" w:themeFill="text1"/>' }) },
  { marker: 'hiddentintedwhite', hidden: true, reason: 'sameColourAsBackground', xml: para('hiddentintedwhite', { rPr: '<w:color w:val="000000" w:themeColor="text1" w:themeTint="03"/>' }) },
  { marker: 'hiddenframeoffpage', hidden: true, reason: 'offScreen', xml: para('hiddenframeoffpage', { pPr: '<w:framePr w:w="2000" w:h="300" w:hAnchor="page" w:x="-30000" w:y="400"/>' }) },
  { marker: 'visibleframe', hidden: false, xml: para('visibleframe', { pPr: '<w:framePr w:w="2000" w:h="300" w:hAnchor="page" w:x="1440" w:y="400"/>' }) },
  { marker: 'hiddenexactrow', hidden: true, reason: 'clipped', xml: `<w:tbl>${row('hiddenexactrow', '<w:trHeight w:val="20" w:hRule="exact"/>')}</w:tbl>` },
  { marker: 'visibleexactrow', hidden: false, xml: `<w:tbl>${row('visibleexactrow', '<w:trHeight w:val="400" w:hRule="exact"/>')}</w:tbl>` },
  { marker: 'hiddenfallbackonly', hidden: true, reason: 'notRendered', xml: `<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:t>shape</w:t></mc:Choice><mc:Fallback><w:t>hiddenfallbackonly text</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>` },
  { marker: 'visiblefallbacktwin', hidden: false, xml: `<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:t>visiblefallbacktwin text</w:t></mc:Choice><mc:Fallback><w:t>visiblefallbacktwin text</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>` },
  { marker: 'hiddenrow', hidden: true, reason: 'hiddenAttribute', xml: `<w:tbl>${row('hiddenrow', '<w:hidden/>')}</w:tbl>` },
];

const STYLES = [
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
  '<w:style w:type="character" w:styleId="Sneaky"><w:name w:val="Sneaky"/><w:rPr><w:vanish/></w:rPr></w:style>',
  '<w:style w:type="character" w:styleId="SneakyChild"><w:name w:val="Sneaky child"/><w:basedOn w:val="Sneaky"/><w:rPr><w:b/></w:rPr></w:style>',
  '<w:style w:type="paragraph" w:styleId="HiddenBase"><w:name w:val="Hidden base"/><w:rPr><w:vanish/></w:rPr></w:style>',
  '<w:style w:type="paragraph" w:styleId="HiddenPara"><w:name w:val="Hidden para"/><w:basedOn w:val="HiddenBase"/></w:style>',
  '<w:style w:type="paragraph" w:styleId="ShownChild"><w:name w:val="Shown child"/><w:basedOn w:val="HiddenBase"/><w:rPr><w:vanish w:val="false"/></w:rPr></w:style>',
  '<w:style w:type="paragraph" w:styleId="White"><w:name w:val="White"/><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>',
  '<w:style w:type="paragraph" w:styleId="WhiteChild"><w:name w:val="White child"/><w:basedOn w:val="White"/></w:style>',
].join('');

describe('attachments: Word text visibility through the style hierarchy', function () {
  this.timeout(60_000);
  const extractor = new WorkerAttachmentExtractor({ timeLimitMs: 30_000 });
  const read = async (spec: Parameters<typeof docxDocument>[0]) => extractor.extract({ bytes: await docxDocument(spec), mimeType: DOCX, filename: 'cases.docx' }, LIMITS);
  let result: ExtractionResult;

  before(async () => {
    result = await read({ body: CASES.map((c) => c.xml).join(''), styles: STYLES });
  });

  for (const c of CASES) {
    it(`${c.hidden ? 'withholds' : 'keeps'} ${c.marker}`, () => {
      const marker = new RegExp(`\\b${c.marker} text\\b`);
      if (c.hidden) {
        assert.doesNotMatch(result.visibleText, marker, 'never in the visible text');
        assert.equal(result.hiddenPassages?.find((p) => marker.test(p.text))?.reason, c.reason);
      } else {
        assert.match(result.visibleText, marker);
        assert.doesNotMatch(result.hiddenText, marker);
      }
    });
  }

  it('withholds runs hidden by the document defaults (w:docDefaults), and what a default paragraph style hides', async () => {
    const byDefaults = await read({
      body: para('hiddenbydefaults') + para('visibleoverride', { rPr: '<w:color w:val="000000"/>' }),
      styles: '<w:docDefaults><w:rPrDefault><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:rPrDefault></w:docDefaults>',
    });
    assert.match(byDefaults.visibleText, /visibleoverride text/);
    assert.doesNotMatch(byDefaults.visibleText, /hiddenbydefaults/);
    assert.match(byDefaults.hiddenText, /hiddenbydefaults text/);
    const byDefaultStyle = await read({ body: para('hiddenbydefaultstyle'), styles: '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="3"/></w:rPr></w:style>' });
    assert.deepEqual(byDefaultStyle.hiddenRuns, { tinyFont: 1 });
  });

  it('judges colour against the page colour (w:background)', async () => {
    const dark = await read({ body: para('hiddenonpage', { rPr: '<w:color w:val="000080"/>' }) + para('visibleonpage', { rPr: '<w:color w:val="FFFFFF"/>' }), background: '000080' });
    assert.match(dark.visibleText, /visibleonpage text/);
    assert.deepEqual(dark.hiddenRuns, { sameColourAsBackground: 1 });
  });
});
