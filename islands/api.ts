/** JSON calls from islands: the CSRF header, and the server's message (with zod issues) on failure. */
export interface ApiResult<T> {
  ok: boolean;
  status: number;
  data?: T;
  error?: string;
}

interface ErrorBody {
  error?: { message?: string; issues?: { path: string; message: string }[] };
}

export function errorText(body: ErrorBody, status: number): string {
  const issues = body.error?.issues;
  if (issues?.length) return issues.map((i) => `${i.path}: ${i.message}`).join("；");
  return body.error?.message ?? `请求失败 (${status})`;
}

export async function api<T = unknown>(
  method: string,
  url: string,
  csrf: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  try {
    const isForm = body instanceof FormData;
    const res = await fetch(url, {
      method,
      headers: {
        "x-csrf-token": csrf,
        ...(body === undefined || isForm ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    return res.ok
      ? { ok: true, status: res.status, data: json as T }
      : { ok: false, status: res.status, error: errorText(json, res.status) };
  } catch {
    return { ok: false, status: 0, error: "网络错误，请重试 (network error)" };
  }
}
