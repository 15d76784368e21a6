import { generateKeySpec } from "./pii_cipher.ts";

export interface PiiKeys {
  spec: string;
  hashKey: string;
}

/**
 * Keys for the embedded default when none are configured: created once in the data directory
 * (owner-only), next to the database they protect. A server deployment sets PII_KEYS and
 * PII_HASH_KEY from its secret store instead.
 */
export async function loadOrCreateKeyFile(
  dataDir: string,
): Promise<PiiKeys & { created: boolean }> {
  const path = `${dataDir}/pii_keys.json`;
  try {
    const keys = JSON.parse(await Deno.readTextFile(path)) as PiiKeys;
    return { ...keys, created: false };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(dataDir, { recursive: true });
  const keys: PiiKeys = {
    spec: generateKeySpec("k1"),
    hashKey: crypto.getRandomValues(new Uint8Array(32)).toBase64(),
  };
  await Deno.writeTextFile(path, JSON.stringify(keys, null, 2) + "\n", {
    mode: 0o600,
    createNew: true,
  });
  return { ...keys, created: true };
}
