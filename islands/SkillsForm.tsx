import { useSignal } from "@preact/signals";
import type { AcdSnapshot } from "../server/acd/acd_snapshot.ts";

/** A seat's skills and levels, as the supervisor changes them (saved in one request, audited). */
export function SkillsForm(
  { seat, skills, onSave }: {
    seat: AcdSnapshot["seats"][number];
    skills: { code: string; name: string }[];
    onSave: (skills: { skill: string; level: number }[]) => void;
  },
) {
  const levels = useSignal(new Map(seat.skills.map((s) => [s.skill, s.level])));
  const set = (code: string, level: number | null) => {
    const next = new Map(levels.value);
    if (level === null) next.delete(code);
    else next.set(code, level);
    levels.value = next;
  };
  return (
    <form
      class="skills-form"
      data-testid="skills-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave([...levels.value].map(([skill, level]) => ({ skill, level })));
      }}
    >
      {skills.map((k) => (
        <label key={k.code} class="tag">
          <input
            type="checkbox"
            name={k.code}
            checked={levels.value.has(k.code)}
            onChange={(e) => set(k.code, (e.target as HTMLInputElement).checked ? 1 : null)}
          />{" "}
          {k.name}{" "}
          <select
            value={String(levels.value.get(k.code) ?? 1)}
            disabled={!levels.value.has(k.code)}
            onChange={(e) => set(k.code, Number((e.target as HTMLSelectElement).value))}
          >
            {Array.from({ length: 10 }, (_, i) => <option key={i} value={i + 1}>{i + 1}级</option>)}
          </select>
        </label>
      ))}
      <button type="submit" class="btn secondary">保存技能</button>
    </form>
  );
}
