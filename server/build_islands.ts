/** Bundles the islands for the browser into static/build (one chunk per island). */
const ROOT = new URL("../", import.meta.url);
const OUT = new URL("static/build/", ROOT);

/**
 * Builds into a scratch folder and renames each file into place, so a page loading while
 * another process (a second server, a test) rebuilds never gets half a file.
 */
export async function buildIslands(): Promise<void> {
  const scratch = `static/.build-${crypto.randomUUID()}`;
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform",
        "browser",
        "--minify",
        "--code-splitting",
        "--outdir",
        scratch,
        "islands/client.ts",
      ],
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) {
      throw new Error(`building the islands failed:\n${new TextDecoder().decode(stderr)}`);
    }
    await Deno.mkdir(OUT, { recursive: true });
    for await (const file of Deno.readDir(new URL(`${scratch}/`, ROOT))) {
      await Deno.rename(new URL(`${scratch}/${file.name}`, ROOT), new URL(file.name, OUT));
    }
  } finally {
    await Deno.remove(new URL(scratch, ROOT), { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const started = performance.now();
  await buildIslands();
  console.log(`islands built into static/build in ${Math.round(performance.now() - started)} ms`);
}
