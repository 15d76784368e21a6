import { z } from "zod";

export const KB_KINDS = ["policy", "service_guide", "department_duty", "city_guide"] as const;
export type KbKind = typeof KB_KINDS[number];

export const KIND_NAMES: Record<KbKind, string> = {
  policy: "政策法规",
  service_guide: "办事指南",
  department_duty: "部门职责",
  city_guide: "城市指南",
};

const nullableId = z.number().int().positive().nullable().default(null);
const day = z.iso.date("日期格式为 YYYY-MM-DD").nullable().default(null);

const articleFields = {
  kind: z.enum(KB_KINDS, "类型须为政策法规、办事指南、部门职责或城市指南"),
  title: z.string().trim().min(2, "标题至少 2 个字").max(200, "标题最多 200 个字"),
  body: z.string().trim().min(1, "正文不能为空").max(20_000, "正文最多 20000 个字"),
  keywords: z.array(z.string().trim().min(1).max(40, "关键词最多 40 个字")).max(
    20,
    "关键词最多 20 个",
  ).default([]),
  category_id: nullableId,
  department_id: nullableId,
  valid_from: day,
  valid_to: day,
};

type Validity = { valid_from: string | null; valid_to: string | null };
const validityInOrder = (a: Validity) => !a.valid_from || !a.valid_to || a.valid_to >= a.valid_from;
const VALIDITY_ISSUE = { message: "失效日期不能早于生效日期", path: ["valid_to"] };

/** A new article as the API and the form send it. */
export const ArticleInput = z.object(articleFields).strict().refine(
  validityInOrder,
  VALIDITY_ISSUE,
);
export type ArticleInput = z.output<typeof ArticleInput>;

/**
 * An edit: the whole article as the editor left it, and the version the editor started from
 * (a stale one is refused with 409 rather than silently overwriting someone else's change).
 */
export const EditInput = z.object({
  ...articleFields,
  status: z.enum(["active", "retired"]).default("active"),
  base_version: z.number().int().min(1),
  note: z.string().trim().max(500, "修改说明最多 500 个字").default(""),
}).strict().refine(validityInOrder, VALIDITY_ISSUE);
export type EditInput = z.output<typeof EditInput>;

export const SearchInput = z.object({
  q: z.string().trim().min(1, "请输入检索词").max(200, "检索词最多 200 个字"),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  kind: z.enum(KB_KINDS).optional(),
  include_expired: z.enum(["0", "1", "true", "false"]).optional()
    .transform((v) => v === "1" || v === "true"),
});

/** The fields of an article a version records, in a fixed order (what "changed" compares). */
export const VERSIONED_FIELDS = [
  "kind",
  "title",
  "body",
  "keywords",
  "category_id",
  "department_id",
  "valid_from",
  "valid_to",
  "status",
] as const;
export type ArticleContent = Omit<EditInput, "base_version" | "note">;

/** Which fields an edit changes: what the version row and the audit record say changed. */
export function changedFields(before: ArticleContent, after: ArticleContent): string[] {
  return VERSIONED_FIELDS.filter((f) =>
    JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null)
  );
}

/** Keywords typed into one form field, separated by commas (half or full width), 、 or spaces. */
export function splitKeywords(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\s]+/).map((k) => k.trim()).filter(Boolean))];
}
