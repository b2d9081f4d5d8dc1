/**
 * Browser entry proving the rig: a native WebSocket round trip of binary data.
 * Exposes `window.echo(url, bytes)` → the bytes that came back.
 */
const page = window as unknown as {
  rigReady: boolean;
  echo(url: string, bytes: number[]): Promise<number[]>;
};

page.echo = (url, bytes) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    ws.onopen = () => ws.send(Uint8Array.from(bytes));
    ws.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
      resolve(Array.from(new Uint8Array(ev.data)));
      ws.close();
    };
    ws.onerror = () => reject(new Error("websocket error"));
  });
page.rigReady = true;
