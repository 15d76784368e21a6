/**
 * `GET /api/reports/export?from=&to=&format=csv|xlsx|pdf[&report=period|hotspots][&kind=…]`:
 * a period report (the conditions of /api/reports/period) or the hotspot report as a file with
 * the query, generation time, user, rows per section and the SHA-256 of its figures
 * (docs/report_exports.md). Every export is audited before the first byte goes out.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { Database } from "../db/port.ts";
import { audit } from "../server/audit/audit.ts";
import { auditActor } from "../server/auth/actor.ts";
import { AppError, parseOrThrow } from "../server/errors.ts";
import { buildHotspotReport } from "../server/hotspots/hotspot_report.ts";
import { HotspotQuery } from "../server/hotspots/hotspot_query.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";
import { csvExport } from "../server/reports/export_csv.ts";
import {
  canonicalParams,
  digestOf,
  type ExportStamp,
  rowCounts,
} from "../server/reports/export_digest.ts";
import { cjkFont, PDF_MAX_ROWS, pdfExport } from "../server/reports/export_pdf.ts";
import { xlsxExport } from "../server/reports/export_xlsx.ts";
import { buildPeriodReport } from "../server/reports/period_report.ts";
import type { Report } from "../server/reports/report_model.ts";
import { paramsOf, PeriodQuery } from "../server/reports/report_query.ts";
import { filled } from "./case_list_table.tsx";
import type { AppEnv } from "./context.ts";
import { guard } from "./guard.ts";

const FORMATS = {
  csv: { type: "text/csv; charset=utf-8", write: csvExport },
  xlsx: {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    write: xlsxExport,
  },
  pdf: { type: "application/pdf", write: pdfExport },
} as const;

const Which = z.object({
  format: z.enum(["csv", "xlsx", "pdf"], { message: "格式为 csv、xlsx 或 pdf" }),
  report: z.enum(["period", "hotspots"], { message: "报表为 period 或 hotspots" })
    .default("period"),
});

/** RFC 5987: the Chinese name for browsers, an ASCII one for the rest. */
export function contentDisposition(fileName: string, ascii: string): string {
  const encoded = encodeURIComponent(fileName)
    .replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The report's title as a file name: nothing a file system or a header would choke on. */
export function fileNameOf(report: Report, format: string): string {
  // deno-lint-ignore no-control-regex
  const safe = report.title.replace(/[\\/:*?"<>|\x00-\x1f]/g, "_").replace(/\s+/g, " ").trim();
  return `${safe}.${format}`;
}

export function reportExportRoutes(d: { db: Database; pii: PiiCipher }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/api/reports/export", guard("reports.export"), async (c) => {
    const { format, report: which, ...rest } = filled(c.req.query());
    const chosen = parseOrThrow(Which, { format, report: which }, "export query");
    const report = chosen.report === "hotspots"
      ? await buildHotspotReport(d.db, parseOrThrow(HotspotQuery, rest, "hotspot range"), {
        pii: d.pii,
      })
      : await buildPeriodReport(d.db, paramsOf(parseOrThrow(PeriodQuery, rest, "report query")));
    const counts = rowCounts(report);
    const rows = counts.reduce((n, s) => n + s.rows + s.totals, 0);
    if (chosen.format === "pdf") {
      if (rows > PDF_MAX_ROWS) {
        throw new AppError(
          400,
          "too_many_rows",
          `PDF 最多 ${PDF_MAX_ROWS} 行，本报表 ${rows} 行：请导出 XLSX 或 CSV，或缩短时段`,
          [{ path: "format", message: `PDF 最多 ${PDF_MAX_ROWS} 行` }],
        );
      }
      cjkFont(); // a missing font is a 503 before anything is audited
    }
    const actor = c.get("actor")!;
    const sha256 = await digestOf(report);
    const stamp: ExportStamp = { workNumber: actor.workNumber, name: actor.name, sha256 };
    await audit(d.db, auditActor(actor, c.get("origin")), {
      action: "report.export",
      objectType: "report",
      objectId: chosen.report,
      after: {
        title: report.title,
        params: Object.fromEntries(canonicalParams(report.params)),
        format: chosen.format,
        rows,
        sections: counts,
        sha256,
        generated_at: report.generated_at,
      },
    });
    const { type, write } = FORMATS[chosen.format];
    const ascii = `${chosen.report}-${report.params.from}_${report.params.to}.${chosen.format}`;
    return c.body(write(report, stamp), 200, {
      "content-type": type,
      "content-disposition": contentDisposition(fileNameOf(report, chosen.format), ascii),
      "cache-control": "no-store",
      "x-report-sha256": sha256,
    });
  });
  return app;
}
