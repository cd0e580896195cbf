// Errors a user can cause. Every one names the argument, the offending index or value,
// and what would have been valid, so the message alone is enough to fix the call.

export class DivergentInputError extends Error {
  override readonly name = 'DivergentInputError';
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}
