/**
 * An error that stops the app from starting, in words a user can act on: what went
 * wrong and how to fix it. The start script prints these without a stack trace.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }

  format(): string {
    return `✖ ${this.message}\n  Fix: ${this.fix}`;
  }
}
