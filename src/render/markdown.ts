/**
 * Markdown helpers for text that comes from specs: it must not be able to format, link, open
 * HTML, close a <details> or mention anyone.
 */

/** Escapes text for a markdown paragraph or table cell (one line). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^([#+-]|\d+\.)/, '\\$1')
    .replace(/@/g, '@\u200b')
}

/** Inline code that no backtick inside the text can close early. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ')
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}
