/**
 * The part of pdfkit (npm:pdfkit, which ships no types) that export_pdf.ts uses. Written here
 * rather than taken from @types/pdfkit: that package drags in @types/node 14, whose older
 * declarations then shadow Deno's own Node types for the whole project.
 */
export interface PdfTextOptions {
  width?: number;
  align?: "left" | "right" | "center" | "justify";
  lineBreak?: boolean;
  fill?: boolean;
  stroke?: boolean;
}

export interface PdfPage {
  width: number;
  height: number;
  margins: { top: number; bottom: number; left: number; right: number };
}

export interface PdfDocumentOptions {
  size?: string;
  layout?: "portrait" | "landscape";
  margins?: { top: number; bottom: number; left: number; right: number };
  info?: Record<string, string>;
  autoFirstPage?: boolean;
}

export default class PDFDocument {
  constructor(options?: PdfDocumentOptions);
  page: PdfPage;
  x: number;
  y: number;
  on(event: "data", listener: (chunk: Uint8Array) => void): this;
  on(event: "end" | "pageAdded", listener: () => void): this;
  on(event: "error", listener: (error: unknown) => void): this;
  registerFont(name: string, src: string | Uint8Array | ArrayBuffer, family?: string): this;
  addPage(): this;
  font(name: string): this;
  fontSize(size: number): this;
  fillColor(color: string): this;
  strokeColor(color: string): this;
  lineWidth(width: number): this;
  text(text: string, options?: PdfTextOptions): this;
  text(text: string, x?: number, y?: number, options?: PdfTextOptions): this;
  moveDown(lines?: number): this;
  widthOfString(text: string, options?: PdfTextOptions): number;
  heightOfString(text: string, options?: PdfTextOptions): number;
  currentLineHeight(includeGap?: boolean): number;
  rect(x: number, y: number, w: number, h: number): this;
  fill(color?: string): this;
  moveTo(x: number, y: number): this;
  lineTo(x: number, y: number): this;
  stroke(color?: string): this;
  file(
    src: Uint8Array,
    options: { name: string; type?: string; description?: string },
  ): this;
  end(): void;
}
