import { Hono } from "hono";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const STATIC_DIR = new URL("../static/", import.meta.url);
const TYPES: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  map: "application/json",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  woff2: "font/woff2",
  geojson: "application/geo+json",
};
const SAFE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/** Files under static/, public; only plain relative paths (no dot segments, no escapes). */
export function staticRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/*", guard("public"), async (c) => {
    const path = c.req.path.replace(/^\/static\//, "");
    const type = TYPES[path.split(".").pop() ?? ""];
    if (!SAFE_PATH.test(path) || !type) return c.notFound();
    try {
      const body = await Deno.readFile(new URL(path, STATIC_DIR));
      // Bundles are rebuilt at every start: let the browser revalidate rather than cache blindly.
      return c.body(body, 200, { "content-type": type, "cache-control": "no-cache" });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory) {
        return c.notFound();
      }
      throw error;
    }
  });
  return app;
}
