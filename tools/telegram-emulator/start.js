// A Telegram Bot API emulator on loopback for the gateway's end-to-end tests.
//
// Starts telegram-test-api (unmodified) with the few routes and formatters that
// python-telegram-bot 22 needs to be right:
//   - getMe answers with `is_bot`;
//   - messages the bot sends carry `date` in seconds, not milliseconds;
//   - callback queries carry `chat_instance`;
//   - editMessageText / editMessageReplyMarkup answer with the edited message, not null;
// and the methods the gateway also calls: sendChatAction, sendPhoto, copyMessage (a relayed
// photo, voice or sticker: kept as a bot message with `copy_of` naming the original), getChat
// (a negative id is a supergroup with topics, a positive one a private chat) and
// createForumTopic (numbered from 1000).
// Tests can switch on Telegram's flood control: POST /testing/flood {"count": n, "retry_after": s}
// makes the next n sendMessage calls answer 429 "retry after s", as Telegram does; and
// POST /testing/block {"chat_id": id, "blocked": true} makes sendMessage to that chat answer
// 403 "bot was blocked by the user" until it is unblocked.
// Webhook deliveries carry the secret token as Telegram's do; one that fails is tried again
// for about 20 s, as Telegram does, each failure logged instead of crashing the emulator.
// As on Telegram, every update has an id of its own: updates sent at the same time do not share
// one, and a restarted emulator does not count from 1 again (ids start from the clock).
//
// Usage: node start.js [port]   (or TELEGRAM_EMULATOR_PORT; default 9000). Prints
// "listening on http://127.0.0.1:<port>" once ready.
'use strict';

const axios = require('axios');
const express = require('express');
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');
const { handle } = require('telegram-test-api/lib/routes/bot/utils');

const HOST = '127.0.0.1';
const BOT = { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' };

const seconds = (millis) => Math.floor(millis / 1000);
const sleep = (millis) => new Promise((resolve) => { setTimeout(resolve, millis); });
// Telegram tries a failed webhook delivery again for a while (here about 20 s in all), so an
// update sent while no gateway is up yet (a load balancer's 503) still arrives.
const WEBHOOK_RETRIES = [250, 500, 1000, 2000, 4000, 4000, 4000, 4000, 0];
let nextTopic = 1000;
const flood = { remaining: 0, retryAfter: 1 };
const blocked = new Set();

class FaithfulTelegramServer extends TelegramServer {
  constructor(config) {
    super(config);
    this.updateId = Date.now();
  }

  // The package takes the next ids when an update is made and counts on only once it is
  // delivered; reserve them here so that updates in flight together differ.
  getCommonFields(botToken) {
    const fields = super.getCommonFields(botToken);
    this.updateId += 1;
    this.messageId += 1;
    return fields;
  }

  addBotMessage(rawMessage, botToken) {
    const message = super.addBotMessage(rawMessage, botToken);
    return { ...message, date: seconds(message.date), from: BOT };
  }

  // The edited message as the bot sees it, or true for an inline message (as Telegram answers).
  editedMessage(body) {
    const stored = this.storage.botMessages.find(
      (u) => String(u.messageId) === String(body.message_id)
        && String(u.message.chat_id) === String(body.chat_id),
    );
    if (!stored) {
      return true;
    }
    const { reply_markup: markup } = stored.message;
    return {
      ...stored.message,
      message_id: stored.messageId,
      date: seconds(stored.time),
      from: BOT,
      chat: { id: Number(stored.message.chat_id), type: 'private', first_name: 'Bot' },
      reply_markup: markup && 'inline_keyboard' in markup ? markup : undefined,
    };
  }

  async addUserUpdate(update) {
    const webhook = this.webhooks[update.botToken];
    if (!webhook) {
      await super.addUserUpdate(update);
      return;
    }
    const headers = webhook.secret_token
      ? { 'X-Telegram-Bot-Api-Secret-Token': webhook.secret_token } : {};
    const body = withChatInstance(TelegramServer.formatUpdate(update));
    for (const [attempt, pause] of WEBHOOK_RETRIES.entries()) {
      try {
        await axios.post(webhook.url, body, { headers });
        break;
      } catch (error) {
        console.error(`webhook ${webhook.url} failed (attempt ${attempt + 1}): ${error.message}`);
        await sleep(pause);
      }
    }
    this.updateId++;
  }

  getUpdates(token) {
    return super.getUpdates(token).map(withChatInstance);
  }
}

function withChatInstance(update) {
  if (update.callback_query) {
    const { message } = update.callback_query;
    update.callback_query.chat_instance = String(message && message.chat ? message.chat.id : 0);
  }
  return update;
}

// Served before the package's own routes, which are registered in the constructor.
routes.unshift((app, server) => {
  app.post('/testing/flood', (req, res) => {
    flood.remaining = Number(req.body.count || 1);
    flood.retryAfter = Number(req.body.retry_after || 1);
    res.json({ ok: true });
  });
  app.post('/testing/block', (req, res) => {
    const chat = String(req.body.chat_id);
    if (req.body.blocked) blocked.add(chat); else blocked.delete(chat);
    res.json({ ok: true });
  });
  handle(app, '/bot:token/sendMessage', (req, res, next) => {
    if (blocked.has(String((req.body || {}).chat_id))) {
      res.status(403).json({
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
      return;
    }
    if (flood.remaining <= 0) {
      next();
      return;
    }
    flood.remaining -= 1;
    res.status(429).json({
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${flood.retryAfter}`,
      parameters: { retry_after: flood.retryAfter },
    });
  });
  handle(app, '/bot:token/getMe', (_req, res) => res.sendResult({ ok: true, result: BOT }));
  handle(app, '/bot:token/sendChatAction', (_req, res) => res.sendResult({ ok: true, result: true }));
  // A photo uploaded as multipart/form-data (a generated chart) is kept with its size and
  // whether it is a PNG; its other fields (chat_id, caption) are read from the form.
  app.post('/bot:token/sendPhoto', express.raw({ type: 'multipart/form-data', limit: '20mb' }), (req, _res, next) => {
    if (Buffer.isBuffer(req.body)) {
      req.body = uploadedPhoto(req.body);
    }
    next();
  });
  handle(app, '/bot:token/sendPhoto', (req, res) => {
    const message = server.addBotMessage(req.body, req.params.token);
    const size = { file_id: String(req.body.photo), file_unique_id: `photo${message.message_id}` };
    res.sendResult({ ok: true, result: { ...message, photo: [{ ...size, width: 1, height: 1 }] } });
  });
  handle(app, '/bot:token/getChat', (req, res) => {
    const id = Number(req.body.chat_id);
    const chat = id < 0
      ? { id, type: 'supergroup', title: 'Workers', is_forum: true }
      : { id, type: 'private', first_name: 'User' };
    res.sendResult({ ok: true, result: { ...chat, accent_color_id: 0, max_reaction_count: 11 } });
  });
  handle(app, '/bot:token/createForumTopic', (req, res) => {
    nextTopic += 1;
    res.sendResult({
      ok: true, result: { message_thread_id: nextTopic, name: req.body.name, icon_color: 7322096 },
    });
  });
  handle(app, '/bot:token/copyMessage', (req, res) => {
    const { chat_id: chatId, from_chat_id: fromChatId, message_id: messageId } = req.body;
    const copy = { chat_id: chatId, text: '', copy_of: { chat_id: fromChatId, message_id: messageId } };
    const message = server.addBotMessage(copy, req.params.token);
    res.sendResult({ ok: true, result: { message_id: message.message_id } });
  });
  handle(app, '/bot:token/editMessageText', (req, res) => {
    server.editMessageText(req.body);
    res.sendResult({ ok: true, result: server.editedMessage(req.body) });
  });
  handle(app, '/bot:token/editMessageReplyMarkup', (req, res) => {
    server.editMessageReplyMarkup(req.body);
    res.sendResult({ ok: true, result: server.editedMessage(req.body) });
  });
});

function uploadedPhoto(raw) {
  const text = raw.toString('latin1');
  const field = (name) => {
    const match = text.match(new RegExp(`name="${name}"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^]*?)\\r\\n--`));
    return match ? Buffer.from(match[1], 'latin1').toString('utf8') : undefined;
  };
  const png = text.indexOf('\x89PNG');
  return {
    chat_id: field('chat_id'),
    caption: field('caption'),
    photo: `upload:${raw.length}:${png >= 0 ? 'png' : 'other'}`,
  };
}

process.on('unhandledRejection', (reason) => {
  console.error(`unhandled rejection: ${reason}`);
});

const port = Number(process.argv[2] || process.env.TELEGRAM_EMULATOR_PORT || 9000);
const server = new FaithfulTelegramServer({ host: HOST, port, storeTimeout: 3600 });

server.start().then(() => {
  console.log(`listening on http://${HOST}:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.stop().then(() => process.exit(0)));
}
