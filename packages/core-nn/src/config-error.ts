/**
 * A model config that does not validate: an unknown key, a value of the wrong type or out of
 * range, or keys that do not fit together. The message is one line naming the key, what is
 * allowed and what was given. Each family's error class (VAEConfigError, GANConfigError, ...)
 * extends it, so callers can catch every config error with `instanceof ConfigError`.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A ConfigError subclass, as parseConfig takes it. */
export type ConfigErrorClass = new (message: string) => ConfigError;
