/** A count with its noun: "1 message", "2 messages" (English regular plurals only). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
