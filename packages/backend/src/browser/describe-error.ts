/** Short, single-line text of an unknown thrown value (the `skipped` reason). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  return text.split('\n')[0]!.trim();
}
