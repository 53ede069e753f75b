// Typed errors. Commands throw these; cli.ts maps them to exit codes in one place.

/** Something the user asked for cannot be done: exit 1, one line, no stack. */
export class PmError extends Error {
  readonly exitCode: number = 1;
  /** What the user would otherwise lose (an entry that could not be written): the CLI prints it to stdout. */
  stdoutFallback?: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command line itself is wrong: exit 2. */
export class UsageError extends PmError {
  override readonly exitCode = 2;
}

/** A file is unreadable or malformed; names the file and, where known, the line. */
export class InputError extends PmError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

/** A write failed; `stdoutFallback` is what the user would otherwise lose. */
export class WriteError extends PmError {
  constructor(message: string, stdoutFallback?: string) {
    super(message);
    this.stdoutFallback = stdoutFallback;
  }
}

export function exitCodeOf(err: unknown): number {
  return err instanceof PmError ? err.exitCode : 1;
}

/** A remote host could not be read (unreachable, auth refused, no sh, timed out): exit 1, one line. */
export class RemoteError extends PmError {}
