/**
 * Hotspot fixtures whose every figure is known: a street-light spike in 东城区 in the last week
 * of March 2026 against two cases in each of the eight four-week windows before, and a steady
 * bus-route matter in 西城区 with a repeat caller and a repeat address.
 */
import type { Queryable } from "../db/port.ts";
import { addDays, risingWindows } from "../server/hotspots/hotspot_windows.ts";
import type { PiiCipher } from "../server/privacy/pii_cipher.ts";

export const RANGE = { from: "2026-03-01", to: "2026-03-31" };
let serial = 0;

async function add(
  db: Queryable,
  pii: PiiCipher,
  o: { day: string; hour?: number; category: string; district: string; content: string } & {
    phone?: string;
    address?: string;
  },
) {
  await db.query(
    `insert into cases (case_number, type, channel, content, district_code, category_id, created_at,
       address, citizen_phone_enc, citizen_phone_hash)
     values ($1, 'complaint', 'phone', $2, $3, (select id from case_categories where code = $4),
       $5, $6, $7, $8)`,
    [
      String(30_000_000 + ++serial),
      o.content,
      o.district,
      o.category,
      `${o.day}T${String(o.hour ?? 10).padStart(2, "0")}:15:00+08:00`,
      o.address ?? null,
      o.phone ? await pii.encrypt(o.phone) : null,
      o.phone ? await pii.lookupHash(o.phone) : null,
    ],
  );
}

const LIGHT = { category: "010103", district: "390101" }; // 路灯故障, 东城区
const BUS = { category: "030101", district: "390102" }; // 公交线路调整, 西城区
const busText = "公交线路调整后站点太远，出行不便。";

export async function seedHotspots(db: Queryable, pii: PiiCipher) {
  for (const w of risingWindows(RANGE).baseline) {
    for (let i = 0; i < 2; i++) {
      await add(db, pii, { ...LIGHT, day: addDays(w.from, 1), content: "小区门口的路灯不亮。" });
    }
    for (let i = 0; i < 5; i++) {
      await add(db, pii, { ...BUS, day: addDays(w.from, 2), content: busText });
    }
  }
  // The spike: 20 near-identical street-light cases in March's last week, in the evening.
  for (let i = 0; i < 20; i++) {
    await add(db, pii, {
      ...LIGHT,
      day: addDays("2026-03-25", i % 7),
      hour: 20,
      content: `小区门口的路灯坏了，晚上很黑，第${i + 1}次反映。`,
    });
  }
  for (let i = 0; i < 5; i++) {
    await add(db, pii, {
      ...BUS,
      day: `2026-03-1${i}`,
      content: busText,
      phone: i < 3 ? "13912345678" : undefined,
      address: i < 3 ? (i === 1 ? "人民路 8 号" : "人民路8号") : undefined,
    });
  }
}
