import * as assert from 'node:assert/strict';
import { messageInWords, searchInWords, sendInWords, trashInWords } from '../../agent/scripted-model/src/script';

describe('the scripted demo model answers in sentences, not with the JSON its tools returned', () => {
  it('words a send, a read, a search and a trash from their structured results', () => {
    assert.equal(sendInWords(JSON.stringify({ status: 'sent', id: 'm1' }), 'the reply'), 'the reply was sent.');
    assert.equal(sendInWords(JSON.stringify({ status: 'declined', reason: 'declined' })), 'it was not sent: you declined it.');
    const read = messageInWords(JSON.stringify({ from: 'Morgan Reyes <m@example.com>', subject: 'Numbers', body: '«untrusted-mail ab12»\nThe table is due Thursday.\n«/untrusted-mail ab12»' }));
    assert.equal(read, 'Morgan Reyes wrote "Numbers": The table is due Thursday.');
    assert.equal(searchInWords(JSON.stringify({ messages: [{ id: 'a', subject: 'Lisbon', from: 'Ana' }] })), 'I found 1 message: "Lisbon" from Ana.');
    assert.equal(trashInWords(JSON.stringify({ status: 'trashed', trashed: ['a', 'b'] })), 'I moved 2 messages to Trash; Undo in the Gmail Tools view brings them back.');
    for (const answer of [read, sendInWords(JSON.stringify({ status: 'sent' }))]) assert.doesNotMatch(answer, /[{}]|"status"|untrusted-mail/);
  });

  it('quotes an error text, which is a sentence already', () => {
    assert.equal(searchInWords('Gmail tools are paused by the user (status bar: Resume).'), 'The search failed: Gmail tools are paused by the user (status bar: Resume).');
  });
});
