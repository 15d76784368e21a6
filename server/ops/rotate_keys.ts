/**
 * `deno task rotate-keys`: re-encrypts personal data under the newest key.
 * With PII_KEYS: put the new key first in PII_KEYS (keep the old ones after it), run this, then
 * drop the old keys. With the embedded key file: `--new-key` adds a key to DATA_DIR/pii_keys.json
 * first. Stop the server first when the database is the embedded one (a single writer).
 */
import { openDatabase } from "../../db/open.ts";
import { SYSTEM_ACTOR } from "../audit/audit.ts";
import { configFromEnvOrExit } from "../config.ts";
import { loadOrCreateKeyFile } from "../privacy/key_file.ts";
import { generateKeySpec, parseKeyring, PiiCipher } from "../privacy/pii_cipher.ts";
import { rotatePiiKeys } from "../privacy/pii_rotation.ts";

async function main(): Promise<number> {
  const config = configFromEnvOrExit();
  let spec = config.piiKeys;
  let hashKey = config.piiHashKey;
  if (!spec) {
    const file = await loadOrCreateKeyFile(config.dataDir);
    spec = file.spec;
    hashKey = file.hashKey;
    if (Deno.args.includes("--new-key")) {
      const kids = [...parseKeyring(spec).keys.keys()];
      let n = kids.length + 1;
      while (kids.includes(`k${n}`)) n++;
      spec = `${generateKeySpec(`k${n}`)},${spec}`;
      const path = `${config.dataDir}/pii_keys.json`;
      await Deno.writeTextFile(path, JSON.stringify({ spec, hashKey }, null, 2) + "\n", {
        mode: 0o600,
      });
      console.log(`new key k${n} added first in ${path}`);
    }
  }
  const keyring = parseKeyring(spec);
  const db = await openDatabase(config);
  try {
    const pii = await PiiCipher.create(keyring, hashKey);
    const counts = await rotatePiiKeys(db, pii, keyring.currentKid, {
      ...SYSTEM_ACTOR,
      actor: "ops:rotate-keys",
    });
    console.log(`re-encrypted under ${keyring.currentKid}: ${JSON.stringify(counts)}`);
    return 0;
  } finally {
    await db.close();
  }
}

if (import.meta.main) Deno.exit(await main());
