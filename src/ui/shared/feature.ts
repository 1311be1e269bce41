/**
 * How a UI feature registers itself: the composition root (extension.ts) hands each feature's register function
 * its `own`, which keeps a service for disposal in reverse order of creation, and the services it needs.
 */
export type Own = <T extends { dispose(): unknown }>(service: T) => T;
