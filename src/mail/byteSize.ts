/** "512 B", "3.4 KB", "120 KB", "2.5 MB": a size as a person reads it (attachment listings, the message editor). */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return megabytesText(bytes);
}

/** "0.3 MB", "25.0 MB": a size set against a limit said in megabytes, in the limit's own unit. */
export function megabytesText(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
