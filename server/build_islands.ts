/** Bundles the islands for the browser into static/build (one chunk per island). */
const ROOT = new URL("../", import.meta.url);

export async function buildIslands(): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "--code-splitting",
      "--outdir",
      "static/build",
      "islands/client.ts",
    ],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`building the islands failed:\n${new TextDecoder().decode(stderr)}`);
  }
}

if (import.meta.main) {
  const started = performance.now();
  await buildIslands();
  console.log(`islands built into static/build in ${Math.round(performance.now() - started)} ms`);
}
