/**
 * Starts the SIP edge beside the web server without holding it up: the port is bound and the
 * menu's prompts are rendered in the background; a taken port is logged, never fatal (a second
 * process on the same machine simply has no edge).
 */
import type { Database } from "../../db/port.ts";
import type { AcdService } from "../../server/acd/acd_service.ts";
import type { SeatActions } from "../../server/acd/seat_actions.ts";
import type { PiiCipher } from "../../server/privacy/pii_cipher.ts";
import type { SipConfig } from "./sip_config.ts";
import { type EdgeDeps, SipEdge } from "./sip_edge.ts";

const WARM_UP_AFTER_MS = 20_000;

export interface EdgeHandle {
  /** The running edge, once bound. */
  readonly edge: SipEdge | undefined;
  stop(): Promise<void>;
}

export function startSipEdge(o: {
  config: SipConfig;
  dataDir: string;
  db: Database;
  pii: PiiCipher;
  acd: AcdService;
  seats: SeatActions;
  media?: EdgeDeps["media"];
  log: (line: string) => void;
}): EdgeHandle {
  let edge: SipEdge | undefined;
  let stopped = false;
  let warm: ReturnType<typeof setTimeout> | undefined;
  const starting = o.config.enabled
    ? SipEdge.start({ ...o.config, dataDir: o.dataDir }, {
      db: o.db,
      pii: o.pii,
      acd: o.acd,
      seats: o.seats,
      media: o.media,
    }).then(async (e) => {
      if (stopped) return await e.stop();
      edge = e;
      o.log(
        `电话中继 SIP edge on udp ${o.config.host}:${e.port} (trunk ${o.config.trunkAllow}; RTP ${o.config.rtpPortMin}-${o.config.rtpPortMax})`,
      );
      // Later, not at once: a start (and the tests that start servers) should not compete with
      // 70 TTS renders; until then a prompt is rendered when first needed (≈ 0.1 s).
      warm = setTimeout(() => {
        e.warmUp().catch((error) => console.error("sip edge: prompts:", error.message));
      }, WARM_UP_AFTER_MS);
    }).catch((error) =>
      o.log(`电话中继 SIP edge not started: ${error.code ?? ""} ${error.message}`.trim())
    )
    : Promise.resolve();
  return {
    get edge() {
      return edge;
    },
    async stop() {
      stopped = true;
      clearTimeout(warm);
      await starting;
      // Never let a stuck call hold up the shutdown for long.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([edge?.stop(), new Promise((r) => timer = setTimeout(r, 3000))]);
      clearTimeout(timer);
    },
  };
}
