/**
 * The stored menu: versions, the active one, publishing and going back (audited, on the live
 * spine), and the path of every call through it.
 */
import { appendEvents } from "../../db/events.ts";
import type { Database, Queryable } from "../../db/port.ts";
import { audit, type AuditActor, SYSTEM_ACTOR } from "../../server/audit/audit.ts";
import { AppError, parseOrThrow } from "../../server/errors.ts";
import { DEFAULT_TREE } from "./default_tree.ts";
import type { Outcome, PathStep } from "./ivr_runner.ts";
import { checkTree, IvrTree, queuesOf } from "./ivr_tree.ts";

export interface TreeVersion {
  version: number;
  name: string;
  note: string | null;
  created_by: string;
  created_at: Date;
  active: boolean;
}

export interface CallRecord {
  sipCallId: string;
  direction?: "in" | "out";
  treeVersion: number | null;
  callerEnc: string | null;
  callerHash: string | null;
  dialed: string;
  language: "zh" | "en";
  startedAt: number;
  endedAt: number;
  outcome: Outcome;
  acdCallId: number | null;
  caseNumber: string | null;
  path: PathStep[];
  rtpIn: number;
  rtpOut: number;
  digits: number;
}

export class IvrStore {
  #active?: { at: number; version: number; tree: IvrTree };

  constructor(private readonly db: Database, private readonly clock: () => number = Date.now) {}

  /** The tree callers get (read at most once a second); the default one is stored on first use. */
  async active(): Promise<{ version: number; tree: IvrTree }> {
    const now = this.clock();
    if (this.#active && now - this.#active.at < 1000) return this.#active;
    let [row] = await this.#activeRow(this.db);
    if (!row) {
      await this.db.transaction(async (tx) => {
        const inserted = await tx.query(
          `insert into ivr_trees (version, name, tree, note, created_by) values (1, $1, $2::text::jsonb, $3, 'system')
           on conflict do nothing returning version`,
          [DEFAULT_TREE.name, JSON.stringify(DEFAULT_TREE), "默认菜单（原系统设计）"],
        );
        await tx.query(
          `insert into ivr_settings (active_version, updated_by) values (1, 'system') on conflict do nothing`,
        );
        if (inserted.length > 0) {
          await audit(tx, SYSTEM_ACTOR, {
            action: "ivr.publish",
            objectType: "ivr",
            objectId: 1,
            after: { version: 1, name: DEFAULT_TREE.name },
          });
        }
      });
      [row] = await this.#activeRow(this.db);
    }
    this.#active = { at: now, version: row.version, tree: IvrTree.parse(row.tree) };
    return this.#active;
  }

  #activeRow(q: Queryable) {
    return q.query<{ version: number; tree: unknown }>(
      `select t.version, t.tree from ivr_settings s join ivr_trees t on t.version = s.active_version`,
    );
  }

  versions(): Promise<TreeVersion[]> {
    return this.db.query<TreeVersion>(
      `select t.version, t.name, t.note, t.created_by, t.created_at,
         t.version = (select active_version from ivr_settings) as active
       from ivr_trees t order by t.version desc limit 50`,
    );
  }

  async get(version: number): Promise<IvrTree> {
    const [row] = await this.db.query<{ tree: unknown }>(
      "select tree from ivr_trees where version = $1",
      [version],
    );
    if (!row) throw new AppError(404, "ivr_version_not_found", `没有第 ${version} 版菜单`);
    return IvrTree.parse(row.tree);
  }

  /**
   * Publishes an edited tree as the next version and makes it active: JSON, schema, links,
   * reachability, loops and queue codes are all checked first (422 with the problems).
   */
  async publish(who: AuditActor, json: string, note: string | null): Promise<number> {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (error) {
      throw new AppError(422, "ivr_json", `菜单不是有效的 JSON：${(error as Error).message}`);
    }
    const tree = parseOrThrow(IvrTree, raw, "ivr tree");
    const issues = checkTree(tree);
    const codes = queuesOf(tree);
    const known = await this.db.query<{ code: string }>(
      "select code from queues where code = any($1::text[])",
      [codes],
    );
    for (const code of codes) {
      if (!known.some((k) => k.code === code)) {
        issues.push({ path: "nodes", message: `没有队列 ${code}` });
      }
    }
    if (issues.length > 0) {
      throw new AppError(422, "ivr_invalid", `菜单有 ${issues.length} 处问题`, issues);
    }
    await this.active(); // the default version 1 exists before the first edit
    return await this.db.transaction(async (tx) => {
      const [{ before }] = await tx.query<{ before: number }>(
        "select active_version as before from ivr_settings for update",
      );
      const [{ version }] = await tx.query<{ version: number }>(
        `insert into ivr_trees (version, name, tree, note, created_by)
         select coalesce(max(version), 0) + 1, $1, $2::text::jsonb, $3, $4 from ivr_trees returning version`,
        [tree.name, JSON.stringify(tree), note, who.actor],
      );
      await this.#activate(tx, who, before, version, "ivr.publish", tree.name);
      this.#active = undefined;
      return version;
    });
  }

  /** Goes back (or forward) to a stored version. */
  async activate(who: AuditActor, version: number): Promise<void> {
    await this.active();
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ name: string }>(
        "select name from ivr_trees where version = $1",
        [version],
      );
      if (!row) throw new AppError(404, "ivr_version_not_found", `没有第 ${version} 版菜单`);
      const [{ before }] = await tx.query<{ before: number }>(
        "select active_version as before from ivr_settings for update",
      );
      await this.#activate(tx, who, before, version, "ivr.activate", row.name);
    });
    this.#active = undefined;
  }

  async #activate(
    tx: Queryable,
    who: AuditActor,
    before: number,
    version: number,
    action: string,
    name: string,
  ): Promise<void> {
    await tx.query(
      "update ivr_settings set active_version = $1, updated_by = $2, updated_at = now()",
      [version, who.actor],
    );
    await audit(tx, who, {
      action,
      objectType: "ivr",
      objectId: version,
      before: { active_version: before },
      after: { active_version: version, name },
    });
    await appendEvents(tx, [{
      topic: "ivr",
      type: action === "ivr.publish" ? "ivr.published" : "ivr.activated",
      subject: version,
      data: { version, before, by: who.actor },
    }]);
  }

  /** The call's path, once it ended; one statement, so 20 calls a second stay cheap. */
  async saveCall(r: CallRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into ivr_calls (sip_call_id, tree_version, caller_number_enc, caller_number_hash, dialed, language,
           started_at, ended_at, outcome, acd_call_id, case_id, path, rtp_in, rtp_out, digits, direction)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
           (select id from cases where case_number = $11), $12::text::jsonb, $13, $14, $15, $16)`,
        [
          r.sipCallId,
          r.treeVersion,
          r.callerEnc,
          r.callerHash,
          r.dialed.slice(0, 64),
          r.language,
          new Date(r.startedAt),
          new Date(Math.max(r.endedAt, r.startedAt)),
          r.outcome,
          r.acdCallId,
          r.caseNumber,
          JSON.stringify(r.path),
          r.rtpIn,
          r.rtpOut,
          r.digits,
          r.direction ?? "in",
        ],
      );
      await appendEvents(tx, [{
        topic: "ivr",
        type: "ivr.call_ended",
        subject: r.acdCallId,
        data: {
          outcome: r.outcome,
          nodes: r.path.map((s) => s.node),
          seconds: Math.round((r.endedAt - r.startedAt) / 1000),
        },
      }]);
    });
  }

  /** Visits, keys and time per node over the last `days` (for the admin page). */
  nodeStats(days: number) {
    return this.db.query<
      { node: string; visits: number; avg_s: number; hangups: number }
    >(
      `select s->>'node' as node, count(*)::int as visits,
         round(avg((s->>'ms')::numeric) / 1000, 1)::float8 as avg_s,
         count(*) filter (where s->>'result' in ('hung_up', 'abandoned'))::int as hangups
       from ivr_calls c, jsonb_array_elements(c.path) s
       where c.started_at > now() - make_interval(days => $1)
       group by 1 order by visits desc`,
      [days],
    );
  }

  outcomes(days: number) {
    return this.db.query<{ outcome: string; calls: number }>(
      `select outcome, count(*)::int as calls from ivr_calls
       where started_at > now() - make_interval(days => $1) group by 1 order by calls desc`,
      [days],
    );
  }
}
