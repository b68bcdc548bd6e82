// A real SMTP server (smtp-server) for tests: it authenticates, receives what nodemailer sends and
// keeps every raw message. It also models the announcement list's public archive as a tiny HTTP
// server (GET /archive/message-id/<id> → 200 when a message with that Message-ID was received,
// 404 otherwise), which is what publish asks on resume when config.mail.archive_url points there.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  raw: Buffer;
  from: string;
  to: string[];
  messageId: string | null;
  /** process.hrtime.bigint() at acceptance, comparable across all fake parties in a test. */
  at: bigint;
}

/** What the server does instead of accepting; set by tests, cleared with `behave({})`. */
export interface SmtpBehaviour {
  /** Answer RCPT TO with this code (e.g. 550 or 451). */
  rejectRcpt?: number;
  /** Answer the end of DATA with this code, without storing the message. */
  rejectData?: number;
  /**
   * Store the message, then never answer DATA (the client's connection dies or times out). A string
   * limits this to messages for that recipient.
   */
  holdAfterStore?: true | string;
  /** Never answer DATA and do not store (a server that hangs). */
  hang?: boolean;
}

export interface FakeSmtp {
  port: number;
  user: string;
  password: string;
  /** smtp://user:password@127.0.0.1:port — what DISCLOSE_SMTP_URL is set to. */
  url: string;
  /** For config.mail.archive_url. */
  archiveTemplate: string;
  messages: ReceivedMail[];
  /** Wall time of each finished SMTP session, connect to close, in ms (the client's network wait). */
  sessionMs: number[];
  behave(b: SmtpBehaviour): void;
  /** Resolves once `n` messages were received (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function messageIdOf(raw: Buffer): string | null {
  const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*(<[^>]+>)/im.exec(head);
  return m ? m[1] : null;
}

export async function startFakeSmtp(options: { user?: string; password?: string } = {}): Promise<FakeSmtp> {
  const user = options.user ?? 'release-bot';
  const password = options.password ?? `smtp-secret-${Math.random().toString(36).slice(2)}`;
  const messages: ReceivedMail[] = [];
  let behaviour: SmtpBehaviour = {};
  const waiters: (() => void)[] = [];
  const sessionMs: number[] = [];

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    // Held connections (holdAfterStore, hang) must not keep close() waiting.
    closeTimeout: 500,
    // No reverse DNS of 127.0.0.1: it would only add a resolver timeout to every session.
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (behaviour.rejectRcpt) {
        callback(Object.assign(new Error(behaviour.rejectRcpt >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: behaviour.rejectRcpt }));
      } else callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (behaviour.hang) return; // never answer
        if (behaviour.rejectData) {
          callback(Object.assign(new Error(behaviour.rejectData >= 500 ? 'Message rejected' : 'Temporary failure'), { responseCode: behaviour.rejectData }));
          return;
        }
        const raw = Buffer.concat(chunks);
        messages.push({
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: messageIdOf(raw),
          at: process.hrtime.bigint(),
        });
        waiters.splice(0).forEach((w) => w());
        const hold = behaviour.holdAfterStore;
        if (hold === true || (typeof hold === 'string' && messages[messages.length - 1].to.includes(hold))) return; // accepted, but the client never hears so
        callback(null, `OK: queued as ${messages.length}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  // Session time from the TCP connection to its close: includes smtp-server's greeting delay
  // (its early-talker check), which a client waits through like any other network wait.
  server.server.on('connection', (socket: import('node:net').Socket) => {
    const start = performance.now();
    socket.once('close', () => sessionMs.push(performance.now() - start));
  });

  const archive = http.createServer((req, res) => {
    const m = /^\/archive\/message-id\/([^/?]+)$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const id = `<${decodeURIComponent(m[1])}>`;
    const hit = messages.find((msg) => msg.messageId === id);
    if (hit) res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(hit.raw);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not archived');
  });
  await new Promise<void>((resolve) => archive.listen(0, '127.0.0.1', () => resolve()));
  const archivePort = (archive.address() as AddressInfo).port;

  return {
    port,
    user,
    password,
    url: `smtp://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    archiveTemplate: `http://127.0.0.1:${archivePort}/archive/message-id/{message_id}`,
    messages,
    sessionMs,
    behave(b) {
      behaviour = b;
    },
    waitFor(n, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake SMTP: expected ${n} messages, got ${messages.length}`)), ms);
        const check = () => {
          if (messages.length >= n) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
    async close() {
      archive.closeAllConnections();
      await new Promise<void>((resolve) => archive.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
