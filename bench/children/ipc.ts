/**
 * The little protocol between run.ts and the bench's own child processes: the parent sends `init` (what to
 * serve), the child answers `ready` with its port; `ask` queries (e.g. the upstream's counters) are answered
 * by id. Children never print: their stdout is not read, so that no pipe traffic competes with the load.
 */

export type ParentMessage = { kind: "init"; payload: unknown } | { kind: "ask"; id: number; query: string };
export type ChildMessage =
  | { kind: "ready"; port: number }
  | { kind: "answer"; id: number; value: unknown }
  | { kind: "failed"; message: string };

/**
 * Child side: waits for `init`, starts the server, reports its port, then answers queries until killed. A
 * child that loses its parent exits, so an interrupted run leaves nothing behind.
 */
export function runChild<Init>(
  start: (init: Init) => Promise<number>,
  answer: (query: string) => unknown = () => null,
): void {
  const send = (message: ChildMessage) => process.send?.(message);
  process.on("disconnect", () => process.exit(0));
  // A normal exit on SIGTERM, so that a --cpu-prof profile gets written.
  process.on("SIGTERM", () => process.exit(0));
  process.on("message", (message: ParentMessage) => {
    if (message.kind === "init") {
      start(message.payload as Init).then(
        (port) => send({ kind: "ready", port }),
        (error: unknown) => {
          send({
            kind: "failed",
            message: error instanceof Error ? (error.stack ?? error.message) : String(error),
          });
          process.exit(1);
        },
      );
    } else if (message.kind === "ask") {
      send({ kind: "answer", id: message.id, value: answer(message.query) });
    }
  });
}
