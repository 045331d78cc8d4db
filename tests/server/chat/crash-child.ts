/**
 * A server process for the chat crash test: opens the chat on the database file given as the
 * first argument, sends the visitor's message (second argument) to the conversation (third and
 * fourth: id and token), and kills itself with SIGKILL the moment the bot's line `KILL_AFTER`
 * (fifth) is committed — after the message, before the step's checkpoint.
 */
import { createDefaultRegistry } from '../../../nodes/index';
import { silentLogger } from '../../../runtime/ports/logger';
import { systemClock } from '../../../server/adapters/system-clock';
import { chatRuntimeFor } from '../../../server/chat/runtime';
import { openDatabase } from '../../../server/db/index';
import { createExecution } from '../../../server/execution/index';

const [file, text, conversationId, token, killAfter] = process.argv.slice(2);
if (!file || !text || !conversationId || !token || !killAfter) throw new Error('missing arguments');

const db = await openDatabase({ url: `sqlite:${file}` });
const chat = chatRuntimeFor({ db, clock: systemClock, logger: silentLogger });
const execution = await Promise.resolve(
  createExecution({
    db,
    registry: createDefaultRegistry(),
    clock: systemClock,
    ports: {
      ...chat.ports,
      chat: {
        async send(id, message) {
          await chat.ports.chat.send(id, message);
          if (message.text === killAfter) process.kill(process.pid, 'SIGKILL');
        },
      },
    },
    settings: { webhookRateLimitPerMinute: 0 },
    env: {},
    timers: false,
  }),
);
await execution.start();
chat.attach(execution);
await chat.service.send({ conversationId, token, text });
// Not reached: the bot's line kills the process first.
process.exit(3);
