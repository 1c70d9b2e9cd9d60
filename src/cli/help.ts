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
    "Run 'apim-versions <command> --help' for a command's options.",
    ''
  ].join('\n')
}

export function commandHelp(command: Command): string {
  const rows = Object.entries(command.options).map(([flag, o]) => {
    const left = `${o.short ? `-${o.short}, ` : '    '}--${flag}${o.type === 'string' ? ' VALUE' : ''}`
    return [left, o.help]
  })
  const width = Math.max(...rows.map(([left]) => left.length))
  return [
    `${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    ''
  ].join('\n')
}
