/** The one client entry: hydrates every island on the page and opens the shared live stream. */
import { type ComponentType, h, hydrate } from "preact";
import { startLive } from "./live_client.ts";

// One chunk per island: a page downloads only the islands it shows.
const ISLANDS: Record<string, () => Promise<{ default: ComponentType<never> }>> = {
  OpsOverview: () => import("./OpsOverview.tsx"),
  WallScreen: () => import("./WallScreen.tsx"),
  SupervisorDesk: () => import("./SupervisorDesk.tsx"),
  CaseIntake: () => import("./CaseIntake.tsx"),
  CaseActions: () => import("./CaseActions.tsx"),
  SeatPanel: () => import("./SeatPanel.tsx"),
  HotspotMap: () => import("./HotspotMap.tsx"),
  HotspotTrend: () => import("./HotspotTrend.tsx"),
  Sparkline: () => import("./Sparkline.tsx"),
  KeywordBars: () => import("./KeywordBars.tsx"),
  PrintButton: () => import("./PrintButton.tsx"),
  SummaryDraft: () => import("./SummaryDraft.tsx"),
  SeatAudio: () => import("./SeatAudio.tsx"),
  WebCaller: () => import("./WebCaller.tsx"),
  SeatChat: () => import("./SeatChat.tsx"),
};

async function hydrateAll() {
  const markers = document.querySelectorAll<HTMLElement>("[data-island]");
  await Promise.all([...markers].map(async (el) => {
    const load = ISLANDS[el.dataset.island ?? ""];
    if (!load) return console.error(`unknown island ${el.dataset.island}`);
    const props = JSON.parse(document.getElementById(el.dataset.props ?? "")?.textContent ?? "{}");
    const { default: Component } = await load();
    hydrate(h(Component, props as never), el);
  }));
  // Browser tests wait for this before they click.
  document.body.dataset.hydrated = "true";
  const body = document.body.dataset;
  if (body.liveTopics !== undefined) {
    startLive({
      topics: body.liveTopics,
      lastEventId: Number(body.lastEventId ?? 0),
      heartbeatMs: body.heartbeatMs ? Number(body.heartbeatMs) : undefined,
    });
  }
}

hydrateAll();
