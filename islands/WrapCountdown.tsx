import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

interface Props {
  /** What the server said was left of after-call work when `seat` was read. */
  leftMs: number;
  /** A new reading (each poll) restarts the count from it: the server's deadline has the last word. */
  reading: unknown;
  act: (action: string, extra?: Record<string, unknown>) => Promise<void>;
  /** Called once the count reaches zero: the ACD's timer makes the seat ready about then. */
  expired: () => void;
}

/** 话后整理: the seconds left before the ACD makes the seat ready, finish early or extend. */
export function WrapCountdown({ leftMs, reading, act, expired }: Props) {
  const left = useSignal(leftMs);
  useEffect(() => {
    // Counted from this browser's clock from the moment of the reading, so a skew between the
    // server's clock and the agent's PC does not show.
    const deadline = Date.now() + leftMs;
    left.value = leftMs;
    let told = false;
    const timer = setInterval(() => {
      left.value = Math.max(0, deadline - Date.now());
      if (left.value === 0 && !told) {
        told = true;
        expired();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [reading]);
  const seconds = Math.ceil(left.value / 1000);
  return (
    <div class="wrap-countdown" data-testid="wrap-countdown" data-left={seconds}>
      <strong>
        {seconds > 0 ? `话后整理 剩余 ${seconds} 秒` : "话后整理时间到，即将示闲"}
      </strong>{" "}
      <button type="button" class="btn" onClick={() => act("wrap_done")}>整理完毕，示闲</button>
      {" "}
      <button
        type="button"
        class="btn secondary"
        onClick={() => act("extend_wrap", { seconds: 30 })}
      >
        延长 30 秒
      </button>
    </div>
  );
}
