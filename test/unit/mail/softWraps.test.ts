import * as assert from 'node:assert/strict';
import { joinSoftWraps } from '../../../src/mail/softWraps';

/** A paragraph hard-wrapped the way a mail client does it: greedy, at `width` characters. */
function wrapped(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

const PROSE =
  'The quarterly figures arrived late on Friday, so the review moves to Tuesday at ten; please bring the ' +
  'revised budget, the two supplier quotes and anything else you think the committee should see before it ' +
  'decides whether the new warehouse lease is worth the extra cost over the coming three years.';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('mail/softWraps', () => {
  for (const width of [60, 72, 76, 78]) {
    it(`joins a paragraph a client wrapped at ${width} into one line, word for word`, () => {
      const mail = wrapped(PROSE, width);
      assert.ok(mail.split('\n').length >= 3, mail);
      assert.equal(joinSoftWraps(mail), PROSE);
    });
  }

  it('keeps a greeting on its own line above a wrapped paragraph', () => {
    assert.equal(joinSoftWraps(`Hi Bob,\n${wrapped(PROSE, 72)}`), `Hi Bob,\n${PROSE}`);
  });

  it('keeps blank lines between paragraphs and every word in order', () => {
    const mail = `${wrapped(PROSE, 72)}\n\n${wrapped(PROSE, 72)}\n`;
    const joined = joinSoftWraps(mail);
    assert.equal(joined, `${PROSE}\n\n${PROSE}\n`);
    assert.deepEqual(words(joined), words(mail));
  });

  it('keeps lines a person broke on purpose: signatures, addresses, greetings, short columns', () => {
    const laidOut = [
      'Thanks for the quick answer, I will send the signed copy tomorrow morning.',
      'Best regards,',
      'Dana Whitfield',
      'Head of Procurement, Northwind Traders Ltd.',
      '+44 20 7946 0000 | 221 Baker Street, London NW1 6XE',
    ].join('\n');
    assert.equal(joinSoftWraps(laidOut), laidOut);
    const poem = 'Roses are red,\nviolets are blue,\nthis line is short\nand so is this too.';
    assert.equal(joinSoftWraps(poem), poem);
  });

  it('keeps lists, indented code, quoted lines, rules, header-like lines and tabbed tables', () => {
    const samples = [
      `${'The build fails on the release branch for three reasons that we found today:'}\n- the cache key changed in the last merge\n- the token expired`,
      `${'Run the following command on every host of the cluster before the upgrade:'}\n    systemctl restart the-service --with-a-long-flag-name`,
      `${'You wrote something about the schedule that I would like to answer here:'}\n> and the meeting is moved to a later date`,
      `${'The totals of the month are in the table below, split by region and product:'}\n=========================================================`,
      `${'Forwarded by the front desk on behalf of the visitor who called this morning:'}\nSubject: parking permits for the visitors`,
      `Region\tQ1 revenue in thousands\tQ2 revenue in thousands\tGrowth\nNorth\t1200\t1350\t12.5 percent growth`,
      `${'Numbered steps follow, please do them in order and report back when done:'}\n1. stop the service`,
      'Robert> No, but using the marker procedure and the pick command as an\nRobert> alternative to just doing the sequence deletion by hand each time\nRobert> would be better for everyone on the list.',
      'if { $elem <= $msg(id) && $elem > $first && [llength $results] < $max } {\nlappend results $elem and keep the sequence ordered for the listing\n}',
      ")) .-- Dana Whitfield; Northwind Procurement --. >===<--. Phone 555-0100 -<\nC|~~| (>--- Phone/Voice Mail: 555-0100, extension 4411 ---<) | ; o |-'\n`--' `- Email: dana@northwind.example -' `-----'",
      'RCS file: /cvsroot/project/project/lib/Mail/Project/Configuration.pm,v\nretrieving revision 1.115.2.11 of the release branch, with the changes below\ndiff -u -r1.115.2.11',
      'set unseen [Mh_Sequence $folder $profile(unseen-sequence) $results $more];\nbusy Seq_Del $exmh(folder) $mhProfile(unseen-sequence) $results;\nExmh_Status ok',
    ];
    for (const sample of samples) assert.equal(joinSoftWraps(sample), sample, sample);
  });

  it('keeps a link on its own line after a short line, and a rule line between paragraphs', () => {
    const lines = [
      'The garden club meets on Saturday mornings at ten, in the hall behind the',
      'library, and everyone is welcome to come along and bring a friend or two.',
      'Sign up on the page below, it takes a minute:',
      'https://garden.example.org/clubs/saturday-mornings/sign-up?from=newsletter',
    ];
    assert.equal(joinSoftWraps(lines.join('\n')), `${lines[0]} ${lines[1]} ${lines[2]}\n${lines[3]}`);
    const ruled = `${wrapped(PROSE, 72)}\n${'_'.repeat(47)}\n${wrapped(PROSE, 72)}`;
    assert.equal(joinSoftWraps(ruled), `${PROSE}\n${'_'.repeat(47)}\n${PROSE}`);
  });

  it('keeps a break after a hyphen, where a word may have been split', () => {
    const split = 'We tested the new release on every platform we support, and the cross-\nplatform build passed.';
    assert.equal(joinSoftWraps(split), split);
  });

  it('takes the largest body in stride: a million one-letter lines, two megabytes of wrapped prose', () => {
    const column = 'a\n'.repeat(1_000_000);
    assert.equal(joinSoftWraps(column), column);
    const prose = wrapped(Array.from({ length: 8_000 }, () => PROSE).join(' '), 72);
    assert.equal(joinSoftWraps(prose), Array.from({ length: 8_000 }, () => PROSE).join(' '));
  });

  it('leaves unwrapped text alone: one long line per paragraph, or lines longer than any wrap', () => {
    const long = `${PROSE}\n${PROSE}`;
    assert.equal(joinSoftWraps(long), long);
    assert.equal(joinSoftWraps(PROSE), PROSE);
  });
});
