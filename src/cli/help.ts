import type { Command } from './command.js'

export function mainHelp(commands: Record<string, Command>): string {
  const names = Object.keys(commands)
  const width = Math.max(...names.map((n) => n.length))
  return [
    'apim-versions: keep Azure API Management API versions in step with a folder of OpenAPI specs',
    '',
    'Usage: apim-versions <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n].summary}`),
    '',
    "Run 'apim-versions <command> --help' for a command's options; 'apim-versions --version' for the version.",
    ''
  ].join('\n')
}

export function commandHelp(command: Command): string {
  const rows = Object.entries(command.options).map(([flag, o]) => {
    const left = `${o.short ? `-${o.short}, ` : '    '}--${flag}${o.type === 'string' ? ' VALUE' : ''}`
    return { left, help: o.help, group: o.group ?? 'Options' }
  })
  const width = Math.max(...rows.map((r) => r.left.length))
  const groups = [...new Set(rows.map((r) => r.group))]
  return [
    `${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    ...groups.flatMap((group) => [
      '',
      `${group}:`,
      ...rows.filter((r) => r.group === group).map((r) => `  ${r.left.padEnd(width)}  ${r.help}`)
    ]),
    ''
  ].join('\n')
}
