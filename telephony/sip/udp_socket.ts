/**
 * A UDP socket (node:dgram, which Deno runs well) whose sends go out one after another. Deno
 * can reorder back-to-back sends (a 180 overtaking its 200), so each send waits for the
 * previous one's callback. Never set recvBufferSize: Deno then allocates that much per packet.
 */
import dgram from "node:dgram";

export interface Remote {
  address: string;
  port: number;
}

export class UdpSocket {
  #queue: { bytes: Uint8Array; to: Remote }[] = [];
  #sending = false;
  #closed = false;
  sendErrors = 0;

  private constructor(private readonly socket: dgram.Socket, readonly port: number) {}

  /** Binds `host:port` (port 0: any free port); rejects when the port is taken. */
  static bind(
    host: string,
    port: number,
    onMessage: (bytes: Uint8Array, from: Remote) => void,
  ): Promise<UdpSocket> {
    const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        socket.close();
        reject(error);
      };
      socket.once("error", fail);
      socket.bind(port, host, () => {
        socket.off("error", fail);
        const s = new UdpSocket(socket, socket.address().port);
        socket.on("error", () => s.sendErrors++);
        socket.on("message", (msg, rinfo) =>
          onMessage(
            new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength),
            { address: rinfo.address, port: rinfo.port },
          ));
        resolve(s);
      });
    });
  }

  /** In order, after everything queued before it. */
  send(bytes: Uint8Array, to: Remote): void {
    if (this.#closed) return;
    this.#queue.push({ bytes, to });
    if (!this.#sending) this.#next();
  }

  #next(): void {
    const item = this.#queue.shift();
    if (!item || this.#closed) {
      this.#sending = false;
      return;
    }
    this.#sending = true;
    this.socket.send(item.bytes, item.to.port, item.to.address, (error) => {
      if (error) this.sendErrors++;
      this.#next();
    });
  }

  /**
   * For RTP: one datagram per 20 ms per call, where order within a call is kept by sequence
   * numbers and a queue would only add latency.
   */
  sendNow(bytes: Uint8Array, to: Remote): void {
    if (this.#closed) return;
    this.socket.send(bytes, to.port, to.address, (error) => {
      if (error) this.sendErrors++;
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    try {
      this.socket.close();
    } catch {
      // Already closed by an error: nothing left to release.
    }
  }
}
