// Marketing mail for the agent's "Delete all the marketing emails from last week" scenario. Dated relative to
// the run (a fixture file would fall out of "last week"): three promotions from the last seven days that the
// agent must trash, and one from two weeks ago plus one recent personal mail that it must leave alone.

const DAY = 24 * 60 * 60 * 1000;

/** What the scenario expects: subjects of the mail to be trashed and of the mail to be kept. */
export const MARKETING_LAST_WEEK = ['Flash sale: 40% off rain jackets', 'Your weekly deals from Harbor Books', 'Last chance: free shipping ends tonight'];
export const KEPT = ['Spring catalogue preview', 'Lunch on Wednesday?'];

/** The raw messages (Buffers), with X-Fake-Labels for the fake's categories. */
export function recentMarketingMail(now = Date.now()) {
  const mail = [
    { subject: MARKETING_LAST_WEEK[0], from: 'Cascade Outdoor <offers@cascade-outdoor.example>', daysAgo: 1, promotion: true },
    { subject: MARKETING_LAST_WEEK[1], from: 'Harbor Books <deals@harborbooks.example>', daysAgo: 3, promotion: true },
    { subject: MARKETING_LAST_WEEK[2], from: 'Pinecrest Market <news@pinecrest-market.example>', daysAgo: 5, promotion: true },
    { subject: KEPT[0], from: 'Cascade Outdoor <offers@cascade-outdoor.example>', daysAgo: 14, promotion: true },
    { subject: KEPT[1], from: 'Lena Brandt <lena.brandt@example.com>', daysAgo: 2, promotion: false },
  ];
  return mail.map((m, i) => {
    const date = new Date(now - m.daysAgo * DAY);
    const headers = [
      `X-Fake-Labels: INBOX, UNREAD${m.promotion ? ', CATEGORY_PROMOTIONS' : ''}`,
      `From: ${m.from}`,
      'To: Dana Demo <demo.user@example.com>',
      `Subject: ${m.subject}`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <agent-marketing-${i}-${date.getTime()}@example.com>`,
      ...(m.promotion ? ['List-Unsubscribe: <mailto:unsubscribe@example.com>'] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
    ];
    const body = m.promotion ? `${m.subject}. Browse the offers in our shop.\r\n` : 'Shall we get lunch on Wednesday at noon?\r\n';
    return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`, 'utf8');
  });
}
