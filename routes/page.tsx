import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Actor } from "../server/auth/actor.ts";
import { Nav } from "./nav.tsx";

export interface PageOptions {
  title: string;
  /** Topics the page's one shared SSE connection subscribes to. */
  liveTopics?: readonly string[];
  /** The newest event id the SSR snapshot includes: the stream resumes after it. */
  lastEventId?: number;
  /** How often the server sends a heartbeat: the client calls the page stale after 2.5 of them. */
  heartbeatMs?: number;
  bodyClass?: string;
  /** Signed-in pages get the top bar with the links this actor may follow. */
  actor?: Actor | null;
}

/** A whole HTML document: Chinese first, one stylesheet, one client entry that hydrates islands. */
export function renderPage(options: PageOptions, body: ComponentChildren): string {
  return "<!doctype html>" + renderToString(
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{options.title} · 12345 政务服务便民热线</title>
        <link rel="icon" href="/static/favicon.svg" />
        <link rel="stylesheet" href="/static/app.css" />
        <script type="module" src="/static/build/client.js" />
      </head>
      <body
        class={options.bodyClass}
        data-live-topics={options.liveTopics?.join(",")}
        data-last-event-id={options.lastEventId}
        data-heartbeat-ms={options.heartbeatMs}
      >
        {options.actor && <Nav actor={options.actor} />}
        {body}
      </body>
    </html>,
  );
}
