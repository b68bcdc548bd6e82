// One place for the errors disclose raises on purpose. Each carries the exit code the CLI uses, so
// a script can tell "your input is wrong" (1) from "you called me wrong" (2) from "refused" (3).

export class DiscloseError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad flags or arguments: exit 2. */
export class UsageError extends DiscloseError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Input that does not validate (an advisory, the config): exit 1. */
export class InputError extends DiscloseError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** A safety check said no (embargo not lifted, distros window closed, …): exit 3. */
export class RefusedError extends DiscloseError {
  constructor(message: string) {
    super(message, 3);
  }
}

/** A remote party (SMTP, GitHub, Discourse, git) failed: exit 4. The journal keeps the run resumable. */
export class RemoteError extends DiscloseError {
  constructor(message: string) {
    super(message, 4);
  }
}
