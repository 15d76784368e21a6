import type { z } from "zod";
import type { Database } from "../../db/port.ts";
import type { PiiCipher } from "../privacy/pii_cipher.ts";
import { recordCallback } from "./callback_step.ts";
import type { CaseViewer } from "./case_access.ts";
import { deadlineCounts, DeadlinePublisher, runReminderRound } from "./case_deadlines.ts";
import { loadCaseDetail } from "./case_detail.ts";
import { registerCase } from "./case_intake.ts";
import { mergeCase } from "./case_merge.ts";
import { publicCaseStatus } from "./case_public.ts";
import { departmentRates } from "./case_rates.ts";
import type * as S from "./case_schemas.ts";
import { type CaseSearch, casesOfCaller, searchCases } from "./case_search.ts";
import type { CaseActor, CaseDeps } from "./case_tx.ts";
import {
  attachFile,
  noteCase,
  replyCase,
  requestExtension,
  returnCase,
  signCase,
  type Upload,
} from "./department_steps.ts";
import {
  decideRequest,
  dispatchCase,
  remindCase,
  rerouteCase,
  reviewReply,
} from "./hotline_steps.ts";

type In<T extends z.ZodType> = z.output<T>;

/** The case loop behind one object: what routes, the demo and tests call. */
export class CaseService {
  private readonly deps: CaseDeps;
  readonly deadlines: DeadlinePublisher;

  constructor(db: Database, pii: PiiCipher, now: () => number) {
    this.deps = { db, pii, now };
    this.deadlines = new DeadlinePublisher(db, now);
  }

  register = (who: CaseActor, input: In<typeof S.CaseIntake>) =>
    registerCase(this.deps, who, input);
  detail = (viewer: CaseViewer, n: string, canHotline: boolean) =>
    loadCaseDetail(this.deps.db, this.deps.pii, viewer, n, this.deps.now(), canHotline);
  search = (viewer: CaseViewer, s: CaseSearch) =>
    searchCases(this.deps.db, this.deps.pii, viewer, s, this.deps.now());
  publicStatus = (n: string, last4: string) =>
    publicCaseStatus(this.deps.db, this.deps.pii, n, last4);

  /** Earlier cases of the caller of a call, or of a phone number typed in by an operator. */
  async casesOfCaller(input: { callId?: number; phone?: string }) {
    let hash: string | null = null;
    if (input.phone) hash = await this.deps.pii.lookupHash(input.phone);
    else if (input.callId) {
      const [call] = await this.deps.db.query<{ caller_number_hash: string | null }>(
        "select caller_number_hash from calls where id = $1",
        [input.callId],
      );
      hash = call?.caller_number_hash ?? null;
    }
    return hash ? await casesOfCaller(this.deps.db, hash) : [];
  }

  dispatch = (who: CaseActor, n: string, i: In<typeof S.Dispatch>) =>
    dispatchCase(this.deps, who, n, i);
  reroute = (who: CaseActor, n: string, i: In<typeof S.Reroute>) =>
    rerouteCase(this.deps, who, n, i);
  decide = (who: CaseActor, n: string, kind: "return" | "extension", i: In<typeof S.Decision>) =>
    decideRequest(this.deps, who, n, kind, i);
  review = (who: CaseActor, n: string, i: In<typeof S.Review>) => reviewReply(this.deps, who, n, i);
  remind = (who: CaseActor, n: string, i: In<typeof S.Reason>) => remindCase(this.deps, who, n, i);
  merge = (who: CaseActor, n: string, i: In<typeof S.Merge>) => mergeCase(this.deps, who, n, i);
  callback = (who: CaseActor, n: string, i: In<typeof S.Callback>) =>
    recordCallback(this.deps, who, n, i);
  sign = (who: CaseActor, n: string) => signCase(this.deps, who, n);
  return = (who: CaseActor, n: string, i: In<typeof S.Reason>) => returnCase(this.deps, who, n, i);
  extension = (who: CaseActor, n: string, i: In<typeof S.ExtensionRequest>) =>
    requestExtension(this.deps, who, n, i);
  reply = (who: CaseActor, n: string, i: In<typeof S.Reply>) => replyCase(this.deps, who, n, i);
  note = (who: CaseActor, n: string, i: In<typeof S.Note>) => noteCase(this.deps, who, n, i);
  attach = (who: CaseActor, n: string, file: Upload) => attachFile(this.deps, who, n, file);

  async attachment(viewer: CaseViewer, n: string, id: number) {
    const detail = await this.detail(viewer, n, false);
    const [a] = await this.deps.db.query<
      { file_name: string; content_type: string; data: Uint8Array }
    >(
      "select file_name, content_type, data from case_attachments where id = $1 and case_id = $2",
      [id, detail.id],
    );
    return a ?? null;
  }

  /** Callback tasks: replies the hotline accepted, oldest first, with the attempts so far. */
  callbackTasks(limit = 100) {
    return this.deps.db.query(
      `select c.case_number, c.type, c.reviewed_at, left(c.content, 60) as summary, d.name as lead_department_name,
         (select count(*)::int from case_callbacks cb where cb.case_id = c.id and cb.called_at > c.reviewed_at) as attempts
       from cases c left join departments d on d.id = c.lead_department_id
       where c.status = 'reviewed' order by c.reviewed_at limit $1`,
      [limit],
    );
  }

  /** Returns and extensions waiting for the hotline, and replies waiting for review. */
  pendingReviews(limit = 100) {
    return this.deps.db.query(
      `select c.case_number, c.status, coalesce(r.kind, 'reply') as kind, r.reason, r.extra_working_days,
         coalesce(r.requested_at, c.replied_at) as at, d.name as department_name
       from cases c
       left join case_requests r on r.case_id = c.id and r.decision is null
       left join departments d on d.id = c.lead_department_id
       where r.id is not null or c.status = 'replied'
       order by at limit $1`,
      [limit],
    );
  }

  rates = (from: Date, to: Date) => departmentRates(this.deps.db, from, to);
  deadlineCounts = () => deadlineCounts(this.deps.db, this.deps.now());
  runReminderRound = () => runReminderRound(this.deps.db, this.deps.now());
}
