import type { Database } from "../../db/port.ts";
import { audit, type AuditActor } from "../audit/audit.ts";
import type { CaseViewer } from "../cases/case_access.ts";
import { loadVisibleCase } from "../cases/case_read.ts";
import { AppError } from "../errors.ts";
import type { PiiCipher } from "./pii_cipher.ts";

export type RevealRequest =
  | { object: "case"; id: string; field: "citizen_name" | "citizen_phone" }
  | { object: "call"; id: number; field: "caller_number" };

/**
 * The explicit "show" of one masked value: checked against the object's own access rule, and
 * recorded (who saw which field of what) in the same transaction that reads it.
 */
export async function revealPii(
  db: Database,
  pii: PiiCipher,
  viewer: CaseViewer,
  who: AuditActor,
  request: RevealRequest,
): Promise<string | null> {
  return await db.transaction(async (tx) => {
    let token: string | null;
    let objectId: string;
    if (request.object === "case") {
      const row = await loadVisibleCase(tx, viewer, request.id);
      if (row.confidential && !viewer.roles.some((r) => r === "agent" || r === "supervisor")) {
        // Departments work a confidential case without the citizen's identity.
        throw new AppError(
          403,
          "confidential",
          "保密工单不向承办单位显示市民信息 (confidential case)",
        );
      }
      token = request.field === "citizen_name" ? row.citizen_name_enc : row.citizen_phone_enc;
      objectId = row.case_number;
    } else {
      if (!viewer.roles.some((r) => r === "agent" || r === "supervisor")) {
        throw new AppError(
          403,
          "forbidden",
          "仅话务员和班长可查看来电号码 (agents and supervisors only)",
        );
      }
      const [row] = await tx.query<{ caller_number_enc: string | null }>(
        "select caller_number_enc from calls where id = $1",
        [request.id],
      );
      if (!row) throw new AppError(404, "call_not_found", `没有这个来电 (no call ${request.id})`);
      token = row.caller_number_enc;
      objectId = String(request.id);
    }
    await audit(tx, who, {
      action: "pii.reveal",
      objectType: request.object,
      objectId,
      after: { field: request.field },
    });
    return token ? await pii.decrypt(token) : null;
  });
}
