/**
 * A report as PDF for printing and filing: A4 landscape, Chinese text in an embedded subset of a
 * CJK font from Debian's packages (fonts-wqy-microhei; pdfkit writes ToUnicode maps, so the text
 * can be searched and extracted), a header block with the query, generation time, user, rows per
 * section and SHA-256, then one table per section with its column headings repeated on every
 * page. The canonical data the SHA-256 covers rides along as an attachment (report-data.json), so
 * export_verify.ts can recompute the digest and check the printed figures against it.
 */
// @ts-types="./export_pdfkit.d.ts"
import type PDFDocument from "pdfkit";
import { Buffer } from "node:buffer";
import { formatDateTime } from "../../islands/format.ts";
import { AppError } from "../errors.ts";
import { VERIFY_NOTE } from "./export_csv.ts";
import {
  canonicalJson,
  canonicalParams,
  canonicalRow,
  displayCell,
  type ExportStamp,
  paramsText,
} from "./export_digest.ts";
import type { ColumnKind, Report, ReportSection } from "./report_model.ts";

/** Beyond this a PDF is thousands of pages nobody reads: XLSX is the format for such tables. */
export const PDF_MAX_ROWS = 20_000;
export const PDF_DATA_ATTACHMENT = "report-data.json";

const FONTS: [path: string, postscriptName: string][] = [
  ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYiMicroHei"],
  ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYiZenHei"],
];
let fontCache: { bytes: Uint8Array; name: string } | null = null;

/** The CJK font, read once; a 503 that names the package when the machine has none. */
export function cjkFont(): { bytes: Uint8Array; name: string } {
  if (fontCache) return fontCache;
  for (const [path, name] of FONTS) {
    try {
      fontCache = { bytes: Deno.readFileSync(path), name };
      return fontCache;
    } catch {
      // try the next one
    }
  }
  throw new AppError(
    503,
    "font_missing",
    "PDF 导出需要中文字体：请安装 Debian 软件包 fonts-wqy-microhei (no CJK font found)",
  );
}

const MARGIN = 36;
const FOOTER = 22;
const FONT_SIZE = 8.5;
const PAD = 3;
const NUMERIC_MAX_WIDTH = 110;
const YIELD_EVERY = 100;
const TEXT_MIN_WIDTH = 40;
const LINE = "#9a9a9a";
const SHADE = "#ececec";

type Doc = PDFDocument;

interface Table {
  widths: number[];
  aligns: ("left" | "right")[];
}

function layout(doc: Doc, section: ReportSection, lines: string[][], available: number): Table {
  const kinds = section.columns.map((c) => c.kind);
  doc.fontSize(FONT_SIZE);
  const natural = section.columns.map((c, i) => {
    // Numbers never wrap: their longest text by length is their widest. Text: a sample suffices.
    let longest = "";
    for (const [n, line] of lines.entries()) {
      if (kinds[i] === "text" && n > 300) break;
      if (line[i].length > longest.length) longest = line[i];
    }
    return Math.max(doc.widthOfString(c.label), doc.widthOfString(longest)) + 2 * PAD + 1;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (total <= available) {
    widths = natural.map((w) => (w * available) / total);
  } else {
    const numeric = natural.map((
      w,
      i,
    ) => (kinds[i] === "text" ? 0 : Math.min(w, NUMERIC_MAX_WIDTH)));
    const left = available - numeric.reduce((a, b) => a + b, 0);
    const textTotal = natural.reduce((a, w, i) => a + (kinds[i] === "text" ? w : 0), 0);
    widths = natural.map((w, i) =>
      kinds[i] === "text" ? Math.max(TEXT_MIN_WIDTH, (w * left) / textTotal) : numeric[i]
    );
    const sum = widths.reduce((a, b) => a + b, 0);
    if (sum > available) widths = widths.map((w) => (w * available) / sum);
  }
  return {
    widths,
    aligns: kinds.map((k: ColumnKind) => (k === "text" ? "left" : "right")),
  };
}

/** Draws one table row at y; the caller has made sure it fits. Returns its height. */
function drawRow(
  doc: Doc,
  table: Table,
  cells: string[],
  y: number,
  style: { shade?: boolean; bold?: boolean },
): number {
  const height = rowHeight(doc, table, cells);
  const width = table.widths.reduce((a, b) => a + b, 0);
  if (style.shade) doc.rect(MARGIN, y, width, height).fill(SHADE);
  doc.fillColor("black").strokeColor("black").lineWidth(0.25);
  let x = MARGIN;
  cells.forEach((text, i) => {
    doc.text(text, x + PAD, y + PAD, {
      width: table.widths[i] - 2 * PAD,
      align: table.aligns[i],
      // Synthetic bold for totals: the font has no bold face.
      ...(style.bold ? { fill: true, stroke: true } : {}),
    });
    x += table.widths[i];
  });
  doc.moveTo(MARGIN, y + height).lineTo(MARGIN + width, y + height).lineWidth(0.4)
    .strokeColor(LINE).stroke();
  return height;
}

function rowHeight(doc: Doc, table: Table, cells: string[]): number {
  let lines = 1;
  cells.forEach((text, i) => {
    const w = table.widths[i] - 2 * PAD;
    if (text.includes("\n") || doc.widthOfString(text) > w) {
      lines = Math.max(
        lines,
        Math.ceil(doc.heightOfString(text, { width: w }) / doc.currentLineHeight(true)),
      );
    }
  });
  return lines * doc.currentLineHeight(true) + 2 * PAD;
}

function header(doc: Doc, report: Report, stamp: ExportStamp) {
  const params = canonicalParams(report.params);
  const counts = report.sections.map((s) => `${s.title} ${s.rows.length} 行`).join("；");
  doc.fontSize(16).text(report.title, { align: "center" });
  doc.moveDown(0.6).fontSize(9);
  const lines: [string, string][] = [
    ["查询参数", paramsText(params)],
    ["生成时间", `${formatDateTime(report.generated_at)}（北京时间） ${report.generated_at}`],
    ["导出人", `${stamp.workNumber} ${stamp.name}`],
    ["各部分行数", counts],
    ["数据校验 SHA-256", stamp.sha256],
    ["校验方法", `${VERIFY_NOTE}；规范化数据附于本文件 ${PDF_DATA_ATTACHMENT}`],
  ];
  for (const [label, value] of lines) doc.text(`${label}：${value}`);
  doc.moveDown(0.8);
}

let pdfkit: Promise<typeof PDFDocument> | null = null;

/** pdfkit is loaded by the first PDF: at every server start it would cost a quarter second. */
function loadPdfkit(): Promise<typeof PDFDocument> {
  pdfkit ??= import("pdfkit").then((m) => m.default as typeof PDFDocument);
  return pdfkit;
}

function open(Pdf: typeof PDFDocument, report: Report, stamp: ExportStamp): Doc {
  const font = cjkFont();
  const doc: Doc = new Pdf({
    size: "A4",
    layout: "landscape",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
    info: {
      Title: report.title,
      Author: `${stamp.workNumber} ${stamp.name}`,
      Subject: stamp.sha256,
    },
    autoFirstPage: false,
  });
  doc.registerFont("cjk", font.bytes, font.name);
  let page = 0;
  doc.on("pageAdded", () => {
    page++;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("cjk").fontSize(7).fillColor("#555555").text(
      `${report.title} · SHA-256 ${stamp.sha256.slice(0, 16)}… · 第 ${page} 页`,
      MARGIN,
      doc.page.height - MARGIN - 8,
      { lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
    doc.fillColor("black").x = MARGIN;
    doc.y = MARGIN;
  });
  return doc;
}

/** The PDF as a stream; pages go out as they are finished. */
export function pdfExport(report: Report, stamp: ExportStamp): ReadableStream<Uint8Array> {
  cjkFont();
  return new ReadableStream({
    start(controller) {
      (async () => {
        const doc = open(await loadPdfkit(), report, stamp);
        doc.on("data", (chunk: Uint8Array) => controller.enqueue(new Uint8Array(chunk)));
        doc.on("end", () => controller.close());
        doc.on("error", (e: unknown) => controller.error(e));
        doc.addPage();
        header(doc, report, stamp);
        for (const section of report.sections) await writeSection(doc, section);
        doc.file(Buffer.from(canonicalJson(report), "utf8"), {
          name: PDF_DATA_ATTACHMENT,
          type: "application/json",
          description: "SHA-256 所覆盖的规范化数据 (the canonical data the SHA-256 covers)",
        });
        doc.end();
      })().catch((e) => controller.error(e));
    },
  });
}

async function writeSection(doc: Doc, section: ReportSection) {
  const kinds = section.columns.map((c) => c.kind);
  const show = (row: Record<string, unknown>) =>
    canonicalRow(section, row as never).map((v, i) => displayCell(kinds[i], v, "pdf"));
  const rows = section.rows.map(show);
  const totals = (section.totals ?? []).map(show);
  const available = doc.page.width - 2 * MARGIN;
  const table = layout(doc, section, rows.concat(totals), available);
  const labels = section.columns.map((c) => c.label);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const heading = (more: boolean) => {
    doc.fontSize(11).text(
      `${section.title}（${section.rows.length} 行）${more ? "（续）" : ""}`,
      MARGIN,
      doc.y,
    );
    doc.moveDown(0.3).fontSize(FONT_SIZE);
    doc.y += drawRow(doc, table, labels, doc.y, { shade: true, bold: true });
  };
  doc.fontSize(FONT_SIZE);
  // A heading, the column headings and a first row stay together.
  if (doc.y + 60 > bottom()) doc.addPage();
  heading(false);
  const put = (cells: string[], style: { shade?: boolean; bold?: boolean }) => {
    if (doc.y + rowHeight(doc, table, cells) > bottom()) {
      doc.addPage();
      heading(true);
    }
    doc.y += drawRow(doc, table, cells, doc.y, style);
  };
  if (rows.length === 0) put(labels.map((_, i) => (i === 0 ? "（无数据）" : "")), {});
  for (const [i, cells] of rows.entries()) {
    put(cells, {});
    // Layout is synchronous work: let the server breathe between pages' worth of rows.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setTimeout(r, 0));
  }
  for (const cells of totals) put(cells, { shade: true, bold: true });
  doc.x = MARGIN;
  doc.moveDown(1);
}
