import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { auditActor } from "../server/auth/actor.ts";
import { loadVisibleCase, maskedCaseView } from "../server/cases/case_read.ts";
import { parseOrThrow } from "../server/errors.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import { revealPii } from "../server/privacy/pii_reveal.ts";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const CaseNumber = z.object({ number: z.string().regex(/^\d{8}$/, "工单编号为 8 位数字") });
const RevealBody = z.discriminatedUnion("object", [
  z.object({
    object: z.literal("case"),
    id: z.string().regex(/^\d{8}$/),
    field: z.enum(["citizen_name", "citizen_phone"]),
  }).strict(),
  z.object({
    object: z.literal("call"),
    id: z.number().int().positive(),
    field: z.literal("caller_number"),
  }).strict(),
]);

/** Case reads with object-level checks, and the audited reveal of masked personal data. */
export function caseApiRoutes({ db, pii }: { db: Database; pii: PiiCipher }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/api/cases/:number", guard("cases.read"), async (c) => {
    const { number } = parseOrThrow(CaseNumber, c.req.param(), "case number");
    return c.json(await maskedCaseView(pii, await loadVisibleCase(db, c.get("actor")!, number)));
  });

  app.post("/api/pii/reveal", guard("pii.reveal"), async (c) => {
    const body = parseOrThrow(
      RevealBody,
      await c.req.json().catch(() => undefined),
      "reveal request",
    );
    const actor = c.get("actor")!;
    const value = await revealPii(db, pii, actor, auditActor(actor, c.get("origin")), body);
    return c.json({ value });
  });
  return app;
}
