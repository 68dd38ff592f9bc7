/** A start-up failure the operator can fix; its message says what is wrong and what to do. */
export class StartupError extends Error {
  override name = 'StartupError';
}
