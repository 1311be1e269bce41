/**
 * Gmail's per-user limit ("per minute per user per project") on Google's quota page
 * (developers.google.com/workspace/gmail/api/reference/quota): 6,000 units a minute for Cloud projects created on
 * or after 1 May 2026, 15,000 for projects that used the API before. The fake serves the new figure unless told
 * otherwise (createFakeGoogle's `quota`, or `--older-project-quota` on the command lines).
 */
export const USER_UNITS_PER_MINUTE = { newProject: 6_000, olderProject: 15_000 } as const;

/**
 * Gmail API quota units per method, from Google's published table
 * (developers.google.com/workspace/gmail/api/reference/quota, "Per-method quota usage").
 */
export const QUOTA_UNITS = {
  'drafts.create': 10,
  'drafts.delete': 10,
  'drafts.get': 5,
  'drafts.list': 5,
  'drafts.send': 100,
  'drafts.update': 15,
  getProfile: 1,
  'history.list': 2,
  'labels.create': 5,
  'labels.delete': 5,
  'labels.get': 1,
  'labels.list': 1,
  'labels.update': 5,
  'labels.patch': 5,
  'messages.attachments.get': 5,
  'messages.batchDelete': 50,
  'messages.batchModify': 50,
  'messages.delete': 10,
  'messages.get': 5,
  'messages.import': 25,
  'messages.insert': 25,
  'messages.list': 5,
  'messages.modify': 5,
  'messages.send': 100,
  'messages.trash': 5,
  'messages.untrash': 5,
  'settings.sendAs.list': 1,
  'threads.delete': 20,
  'threads.get': 10,
  'threads.list': 10,
  'threads.modify': 10,
  'threads.trash': 10,
  'threads.untrash': 10,
} as const;

export type GmailMethod = keyof typeof QUOTA_UNITS;
