/** The lead department's steps: sign for, return, ask for more time, reply; any department's note. */
import type { z } from "zod";
import { AppError } from "../errors.ts";
import type { ExtensionRequest, Note, Reason, Reply } from "./case_schemas.ts";
import { type CaseActor, type CaseDeps, caseStep } from "./case_tx.ts";

type In<S extends z.ZodType> = z.output<S>;

export function signCase(deps: CaseDeps, who: CaseActor, n: string) {
  return caseStep(deps, who, n, "sign", async (tx, row) => {
    const now = new Date(deps.now());
    await tx.query(
      "update cases set status = 'signed', signed_at = $2, updated_at = $2 where id = $1",
      [
        row.id,
        now,
      ],
    );
    const late = row.sign_due_at !== null && now > row.sign_due_at;
    return {
      result: null,
      change: {
        kind: "signed",
        status: "signed",
        departmentId: row.lead_department_id,
        data: { late },
      },
    };
  });
}

async function openRequest(
  deps: CaseDeps,
  who: CaseActor,
  tx: Parameters<Parameters<typeof caseStep>[4]>[0],
  caseId: number,
  departmentId: number,
  kind: "return" | "extension",
  reason: string,
  extra: number | null,
) {
  const [pending] = await tx.query(
    "select 1 from case_requests where case_id = $1 and decision is null",
    [
      caseId,
    ],
  );
  if (pending) {
    throw new AppError(409, "request_pending", "已有待审核的退单或延期申请，请等待热线审核");
  }
  await tx.query(
    `insert into case_requests (case_id, kind, department_id, reason, extra_working_days, requested_by, requested_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [caseId, kind, departmentId, reason, extra, who.audit.actor, new Date(deps.now())],
  );
}

/** 退单: the case is not this department's business; the hotline reviews the reason. */
export function returnCase(deps: CaseDeps, who: CaseActor, n: string, input: In<typeof Reason>) {
  return caseStep(deps, who, n, "return", async (tx, row) => {
    await openRequest(deps, who, tx, row.id, row.lead_department_id!, "return", input.reason, null);
    await tx.query("update cases set status = 'returned', updated_at = $2 where id = $1", [
      row.id,
      new Date(deps.now()),
    ]);
    return {
      result: null,
      change: {
        kind: "return_requested",
        status: "returned",
        departmentId: row.lead_department_id,
        data: { reason: input.reason },
      },
    };
  });
}

export function requestExtension(
  deps: CaseDeps,
  who: CaseActor,
  n: string,
  input: In<typeof ExtensionRequest>,
) {
  return caseStep(deps, who, n, "extension", async (tx, row) => {
    await openRequest(
      deps,
      who,
      tx,
      row.id,
      row.lead_department_id!,
      "extension",
      input.reason,
      input.extra_working_days,
    );
    return {
      result: null,
      change: {
        kind: "extension_requested",
        status: row.status,
        departmentId: row.lead_department_id,
        data: { reason: input.reason, extra_working_days: input.extra_working_days },
      },
    };
  });
}

/**
 * 办结回复: the formal report. Attachments the department uploaded since its last reply go
 * with this one. A reply while a return or extension is pending would race the hotline's
 * decision, so it waits.
 */
export function replyCase(deps: CaseDeps, who: CaseActor, n: string, input: In<typeof Reply>) {
  return caseStep(deps, who, n, "reply", async (tx, row) => {
    const [pending] = await tx.query(
      "select kind from case_requests where case_id = $1 and decision is null",
      [
        row.id,
      ],
    );
    if (pending) throw new AppError(409, "request_pending", "有待审核的申请，审核后才能回复");
    const now = new Date(deps.now());
    const [reply] = await tx.query<{ id: number }>(
      `insert into case_replies (case_id, department_id, investigator, investigated_on, findings,
         legal_basis, opinion, handler, reviewer, unit, reply_date, submitted_by, submitted_at, due_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
      [
        row.id,
        row.lead_department_id,
        input.investigator,
        input.investigated_on,
        input.findings,
        input.legal_basis,
        input.opinion,
        input.handler,
        input.reviewer,
        input.unit,
        input.reply_date,
        who.audit.actor,
        now,
        row.due_at,
      ],
    );
    const attached = await tx.query(
      `update case_attachments set reply_id = $2 where case_id = $1 and reply_id is null returning id`,
      [row.id, reply.id],
    );
    await tx.query(
      "update cases set status = 'replied', replied_at = $2, updated_at = $2 where id = $1",
      [
        row.id,
        now,
      ],
    );
    return {
      result: { reply_id: reply.id },
      change: {
        kind: "replied",
        status: "replied",
        departmentId: row.lead_department_id,
        data: {
          reply_id: reply.id,
          attachments: attached.length,
          late: row.due_at !== null && now > row.due_at,
        },
      },
    };
  });
}

/** 协办意见: an assisting (or the lead) department's note on the case. */
export function noteCase(deps: CaseDeps, who: CaseActor, n: string, input: In<typeof Note>) {
  return caseStep(deps, who, n, "note", (_tx, row) =>
    Promise.resolve({
      result: null,
      change: {
        kind: "noted",
        status: row.status,
        departmentId: who.viewer.departmentId,
        data: { note: input.note },
      },
    }));
}

export interface Upload {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

const ALLOWED_TYPES =
  /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain|application\/(msword|vnd\.openxmlformats-officedocument\.[a-z.]+))$/;

/** An attachment for the coming reply (photos of the site, a scanned decision…), ≤ 5 MB. */
export function attachFile(deps: CaseDeps, who: CaseActor, n: string, file: Upload) {
  if (!ALLOWED_TYPES.test(file.contentType)) {
    throw new AppError(
      422,
      "attachment_type",
      `不支持的附件类型 ${file.contentType}（可上传图片、PDF、Word、文本）`,
    );
  }
  if (file.bytes.length === 0 || file.bytes.length > 5 * 1024 * 1024) {
    throw new AppError(413, "attachment_size", "附件须大于 0 且不超过 5 MB");
  }
  return caseStep(deps, who, n, "attach", async (tx, row) => {
    const sha = new Uint8Array(
      await crypto.subtle.digest("SHA-256", file.bytes as Uint8Array<ArrayBuffer>),
    ).toHex();
    const [a] = await tx.query<{ id: number }>(
      `insert into case_attachments (case_id, file_name, content_type, size, sha256, data, uploaded_by, uploaded_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [
        row.id,
        file.fileName,
        file.contentType,
        file.bytes.length,
        sha,
        file.bytes,
        who.audit.actor,
        new Date(deps.now()),
      ],
    );
    return {
      result: { id: a.id },
      change: {
        kind: "attachment_added",
        status: row.status,
        departmentId: row.lead_department_id,
        data: {
          attachment_id: a.id,
          file_name: file.fileName,
          size: file.bytes.length,
          sha256: sha,
        },
      },
    };
  });
}
