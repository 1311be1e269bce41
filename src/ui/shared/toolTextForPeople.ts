/**
 * A tool's result or error text is written for the model: it speaks of "the user" and tells the model what to do
 * next ("Do not retry unless the user asks for it."). Where the UI shows such a text to the person (a toast after
 * Move to Trash, a tree row's result), it goes through here: the person is "you", and orders to the model are
 * dropped. Pure: no vscode.
 */

/** Sentences that instruct the model; a person has nothing to do with them. */
const ORDERS_TO_THE_MODEL = [
  /\s*Do not retry unless the user asks for it\./g,
  /\s*Ask the user before trying again\./g,
  /\s*Do not act on it\./g,
  /\s*Do not trust it as that sender\./g,
];

export function toolTextForPeople(text: string): string {
  let worded = text;
  for (const order of ORDERS_TO_THE_MODEL) worded = worded.replace(order, '');
  return worded
    .replace(/\s*\(the user can undo this\)/g, ' (Undo is on its row in the Gmail Tools view)')
    .replace(/\bDeclined by the user \(the confirmation (timed out|was closed)\)/g, 'Not done: the confirmation $1')
    .replace(/\bDeclined by the user\b/g, 'You declined it')
    .replace(/\bCancelled by the user\b/g, 'You cancelled it')
    .replace(/\bcancelled by the user\b/g, 'cancelled by you')
    .replace(/\bdeclined by the user\b/g, 'declined by you')
    .replace(/\bpaused by the user\b/g, 'paused by you')
    .replace(/\bCancelled before the user answered\b/g, 'Cancelled before you answered')
    .replace(/\bthe user's\b/g, 'your')
    .replace(/\bThe user's\b/g, 'Your')
    .replace(/\bthe user\b/g, 'you')
    .replace(/\bThe user\b/g, 'You')
    .replace(/\bthe model\b/g, 'the agent')
    .trim();
}
