/** Longest timeline title a note produces, in characters, ellipsis included. */
export const NOTE_TITLE_MAX_LENGTH = 120;

/**
 * The timeline title for a note: its first line, cut to NOTE_TITLE_MAX_LENGTH characters.
 * Counts code points, not UTF-16 units, so an emoji is never split in half.
 */
export function noteTitle(body: string): string {
  const firstLine = body.trim().split(/\r?\n/, 1)[0]!.trim();
  const characters = Array.from(firstLine);
  if (characters.length <= NOTE_TITLE_MAX_LENGTH) return firstLine;
  return `${characters.slice(0, NOTE_TITLE_MAX_LENGTH - 1).join('').trimEnd()}…`;
}
