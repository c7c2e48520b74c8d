import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import type { NatsConfig } from '../../core/config.js';
import { openEventStream } from '../jetstream.js';

export const TEST_NATS_URL = 'nats://127.0.0.1:4222';

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Why NATS tests cannot run here, or false. CI has a nats-server at 127.0.0.1:4222, so
 * there a missing server fails the tests loudly instead of skipping them.
 */
export async function natsSkipReason(options: { ci: boolean }): Promise<string | false> {
  if (options.ci || (await reachable('127.0.0.1', 4222))) return false;
  return 'no nats-server at 127.0.0.1:4222 (start one with JetStream: nats-server -js)';
}

/** Settings for a stream and consumer of this test alone. */
export function testNatsConfig(overrides: Partial<NatsConfig> = {}): NatsConfig {
  const suffix = randomUUID().slice(0, 8);
  return { url: TEST_NATS_URL, stream: `TEST_${suffix}`, consumer: `worker-${suffix}`, maxDeliver: 5, ...overrides };
}

export async function deleteTestStream(nats: NatsConfig): Promise<void> {
  const stream = await openEventStream(nats, { name: 'boomerang-test-cleanup' });
  try {
    await stream.jsm.streams.delete(nats.stream);
  } finally {
    await stream.nc.close();
  }
}

/** How many messages the test stream holds (for tests outside event-stream/, which see only this folder). */
export async function countTestStreamMessages(nats: NatsConfig): Promise<number> {
  const stream = await openEventStream(nats, { name: 'test' });
  try {
    return (await stream.jsm.streams.info(nats.stream)).state.messages;
  } finally {
    await stream.nc.close();
  }
}

/**
 * A NATS that comes up later: a TCP port that refuses connections until `open()`, then
 * forwards them to the test nats-server. For workers started before their NATS.
 */
export async function lateNats(): Promise<{ url: string; open(): Promise<void>; close(): Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const target = new URL(TEST_NATS_URL);
  let proxy: Server | undefined;
  return {
    url: `nats://127.0.0.1:${port}`,
    async open() {
      proxy = createServer((client) => {
        const upstream = connect({ host: target.hostname, port: Number(target.port) });
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        proxy!.once('close', () => client.destroy());
      });
      await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    },
  };
}
