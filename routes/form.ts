import type { Context } from "hono";
import type { z } from "zod";
import { parseOrThrow } from "../server/errors.ts";

/** A form post's fields (without the CSRF token), validated like any other input. */
export async function formBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  what: string,
): Promise<z.output<S>> {
  const body = await c.req.parseBody({ all: true });
  const { _csrf: _, ...fields } = body;
  return parseOrThrow(schema, fields, what);
}

/** Only a path on this site: never an absolute or protocol-relative URL (open redirects). */
export function localPath(next: unknown, fallback = "/"): string {
  return typeof next === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : fallback;
}
