/**
 * The one place that escapes text from specs and inputs for where it lands: markdown (it must not
 * format, link, open HTML or an HTML comment, close a <details> or mention anyone), HTML and XML.
 * None of it can start a line: line breaks become spaces.
 */

/** A zero-width space: breaks what GitHub would autolink or mention, and shows nothing. */
const ZWSP = '\u200b'

/**
 * GitHub autolinks bare `http://…`, `https://…` and `www.…` (and e-mail addresses, which the
 * broken `@` already stops): a zero-width space after `://` and `www.` leaves no valid domain.
 */
function breakAutolinks(text: string): string {
  return text.replace(/:\/\//g, `://${ZWSP}`).replace(/\b(www)\./gi, `$1.${ZWSP}`)
}

/** Escapes text for a markdown paragraph or table cell (one line). */
export function escapeMarkdown(text: string): string {
  return breakAutolinks(
    text
      .replace(/\r?\n|\r/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
      .replace(/^([#+-]|\d+\.)/, '\\$1')
      .replace(/@/g, `@${ZWSP}`)
  )
}

/**
 * Inline code that no backtick inside the text can close early. A code span shows `<` as it is,
 * so an HTML comment opener gets a zero-width space after its `<`: spec text never carries a
 * comment marker.
 */
export function code(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ').replace(/<!--/g, `<${ZWSP}!--`)
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/** Inline code in a table cell: a `|` would end the cell even inside a code span, so it is `\|`. */
export function codeCell(text: string): string {
  return code(text).replace(/\|/g, '\\|')
}

/** Text for HTML contexts (a <summary>): no tag, entity or mention can form. */
export function escapeHtml(text: string): string {
  return breakAutolinks(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\[/g, '&#91;')
    .replace(/\]/g, '&#93;')
    .replace(/`/g, '&#96;')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/\r?\n|\r/g, ' ')
}

/** Text for an XML attribute or element (policy templates). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/**
 * Text for a terminal: control characters (escape sequences, carriage returns, bells; C0 but tab
 * and newline, DEL and C1) that spec text or file names carry are shown as `\xHH`, never sent.
 */
export function terminalSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
  )
}
