/** SHA-256 of a text (UTF-8) as lowercase hex: session ids, audit hashes, export checksums. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return new Uint8Array(digest).toHex();
}
