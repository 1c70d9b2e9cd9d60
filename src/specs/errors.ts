/** A problem with the user's input: a file (and where known its line and column) and what to do. */
export interface Problem {
  severity: 'error' | 'warning'
  file: string
  line?: number
  column?: number
  message: string
}

export class SpecError extends Error {
  readonly file: string
  readonly line?: number
  readonly column?: number

  constructor(file: string, message: string, position?: { line?: number; column?: number }) {
    super(message)
    this.name = 'SpecError'
    this.file = file
    this.line = position?.line
    this.column = position?.column
  }

  toProblem(): Problem {
    return {
      severity: 'error',
      file: this.file,
      line: this.line,
      column: this.column,
      message: this.message
    }
  }
}

/** "file:line:column: message", the shape editors and GitHub annotations understand. */
export function formatProblem(problem: Problem): string {
  let where = problem.file
  if (problem.line !== undefined) {
    where += `:${problem.line}`
    if (problem.column !== undefined) where += `:${problem.column}`
  }
  return `${problem.severity}: ${where}: ${problem.message}`
}
