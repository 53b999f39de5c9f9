/**
 * Thrown when a model lacks the capability an evaluation needs, e.g. an exact likelihood asked of
 * a VAE (which only has a bound). The message says what the model can do instead.
 */
export class CapabilityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapabilityError';
  }
}
