/**
 * String equality whose time does not depend on where the strings differ: for secrets a caller
 * guesses (one-time codes, media peer tokens).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}
