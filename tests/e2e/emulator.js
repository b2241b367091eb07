'use strict';
/*
 * The Bot API emulator used by the end-to-end tests: the npm package `telegram-test-api`, unchanged, behind a
 * small front that corrects the answers where the package as published departs from the real Bot API, so that
 * the real python-telegram-bot talks to it without any change on the bot's side.
 *
 * Corrections (each one is a gap of telegram-test-api 4.2.1):
 *   - getMe lacks `is_bot` (PTB requires it): added, with the other User fields a bot has.
 *   - dates are in milliseconds (Telegram uses seconds): every `date` above 1e11 is divided by 1000.
 *   - callback queries lack `chat_instance` (PTB requires it): added.
 *   - a user command without a `bot_command` entity crashes the process: the entity is added.
 *   - getUpdates answers at once (no long polling): it waits for an update up to the `timeout` asked.
 *   - webhook delivery ignores `secret_token`: it is sent in X-Telegram-Bot-Api-Secret-Token like Telegram does,
 *     and a refused delivery no longer kills the process.
 *   - errors come back as {message} with HTTP 500: they become {ok:false, error_code, description}.
 *   - setMyCommands / getMyCommands / sendChatAction do not exist: answered (commands are kept for the tests).
 *   - sendPhoto / sendDocument / getFile and file downloads (/file/bot<token>/<path>) do not exist: files the bot
 *     uploads (multipart/form-data, or a file_id sent before) are kept and recorded as bot messages carrying
 *     `photo` / `document`; getFile and the download serve files the test user uploaded (and the bot's own).
 *
 *   - messages in HTML parse mode are not checked: like Telegram, a text (or caption) outside its HTML subset is
 *     refused with HTTP 400 "Bad Request: can't parse entities: …" (the rules of tests/telegram_html.py, strict on
 *     a bare '>' as Telegram's documentation asks), so that the end-to-end tests catch a template that breaks it.
 *
 * Test-only routes (under /_test/): `fail` makes the next calls of a bot method fail (HTTP 502, a dropped
 * connection, 403 "bot was blocked by the user", or 429 with retry_after), `commands` shows what
 * setMyCommands registered, `botMessages` long-polls
 * every unread bot message of a token (all chats at once, for the benchmark), `webhookDeliveries` lists the
 * HTTP statuses of webhook deliveries, `upload` stores a file for the test user to send (base64 `data`, `name`,
 * `mime`; answers the Document fields), `file?file_id=` gives back a stored file's bytes.
 *
 * Usage: node emulator.js [port]   (port 0 or none: any free port). Prints "READY <port>" once listening.
 */

const crypto = require('crypto');
const http = require('http');
const TelegramServer = require('telegram-test-api');

const MS_DATE_THRESHOLD = 1e11; // a date in seconds stays far below this until the year 5138
const MAX_WAIT_SECONDS = 50;

/* ------------------------------------------------------------------ answer corrections */

function fixDates(value) {
  if (Array.isArray(value)) {
    value.forEach(fixDates);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if ((key === 'date' || key === 'edit_date') && typeof inner === 'number' && inner > MS_DATE_THRESHOLD) {
        value[key] = Math.floor(inner / 1000);
      } else {
        fixDates(inner);
      }
    }
  }
  return value;
}

function fixUpdate(update) {
  const query = update.callback_query;
  if (query && !query.chat_instance) {
    const chatId = query.message && query.message.chat ? query.message.chat.id : query.from.id;
    query.chat_instance = `ci${chatId}`;
  }
  return fixDates(update);
}

function fixBotAnswer(method, body) {
  if (body && body.ok === undefined && body.message !== undefined) {
    return { status: 400, body: { ok: false, error_code: 400, description: `Bad Request: ${body.message}` } };
  }
  if (method === 'getMe' && body.result) {
    Object.assign(body.result, {
      is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
    });
  }
  if (method === 'getUpdates' && Array.isArray(body.result)) {
    body.result.forEach(fixUpdate);
  }
  if (['answerCallbackQuery', 'setWebhook', 'editMessageText', 'editMessageReplyMarkup'].includes(method)
      && body.ok && body.result === null) {
    body.result = true;
  }
  return { status: null, body: fixDates(body) };
}

/* ------------------------------------------------------------------ Telegram's HTML subset */

const FORMATTING = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler']);
const HTML_ATTRIBUTES = {
  b: [], strong: [], i: [], em: [], u: [], ins: [], s: [], strike: [], del: [], 'tg-spoiler': [],
  span: ['class'], a: ['href'], code: ['class'], pre: [], blockquote: ['expandable'], 'tg-emoji': ['emoji-id'],
};
const NAMED_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9-]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>=`]+))?/g;
const ENTITY = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]*));/y;

function byteOffset(text, index) {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}

function unquoted(value) {
  if (value !== undefined && value.length >= 2 && value[0] === value[value.length - 1] && `"'`.includes(value[0])) {
    return value.slice(1, -1);
  }
  return value;
}

function entityOk(match) {
  const [, decimal, hex, named] = match;
  if (named !== undefined) return NAMED_ENTITIES.has(named);
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex, 16);
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
}

function attributesProblem(name, attributes, stack) {
  const unknown = Object.keys(attributes).filter((a) => !HTML_ATTRIBUTES[name].includes(a)).sort();
  if (unknown.length) return `Unsupported attribute "${unknown[0]}" of tag "${name}"`;
  if (name === 'span' && attributes.class !== 'tg-spoiler') return 'Tag "span" must have class "tg-spoiler"';
  if (name === 'a' && !(attributes.href || '').trim()) return 'Tag "a" must have a non-empty attribute "href"';
  if (name === 'tg-emoji' && !/^[0-9]+$/.test(attributes['emoji-id'] || '')) {
    return 'Tag "tg-emoji" must have a numeric attribute "emoji-id"';
  }
  if (name === 'code' && 'class' in attributes
      && (!(attributes.class || '').startsWith('language-') || !stack.length || stack[stack.length - 1] !== 'pre')) {
    return 'Attribute "class" of tag "code" must be "language-…" inside "pre"';
  }
  if (name === 'blockquote' && attributes.expandable !== undefined && attributes.expandable !== null) {
    return 'Attribute "expandable" of tag "blockquote" takes no value';
  }
  return null;
}

function nestingProblem(name, stack) {
  const top = stack[stack.length - 1];
  if (stack.includes('code') || (stack.includes('pre') && !(name === 'code' && top === 'pre'))) {
    return `Tag "${name}" can't be inside "${stack.includes('code') ? 'code' : 'pre'}"`;
  }
  if ((name === 'pre' || name === 'code') && stack.some((t) => FORMATTING.has(t))) {
    return `Tag "${name}" can't be inside formatting tags`;
  }
  if (name === 'a' && stack.includes('a')) return 'Tag "a" can\'t be inside "a"';
  if (name === 'blockquote' && stack.includes('blockquote')) return 'Tag "blockquote" can\'t be inside "blockquote"';
  if (stack.includes('tg-emoji')) return `Tag "${name}" can't be inside "tg-emoji"`;
  return null;
}

/** Why Telegram would refuse `html` in HTML parse mode (null: valid). */
function htmlProblem(html) {
  const stack = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '>') {
      return `Character '>' is reserved and must be escaped with "&gt;" at byte offset ${byteOffset(html, i)}`;
    }
    if (ch === '&') {
      ENTITY.lastIndex = i;
      const entity = ENTITY.exec(html);
      if (!entity || !entityOk(entity)) {
        return `Unsupported HTML entity at byte offset ${byteOffset(html, i)}: character '&' must be escaped with "&amp;"`;
      }
      i = ENTITY.lastIndex;
      continue;
    }
    if (ch !== '<') {
      i += 1;
      continue;
    }
    TAG.lastIndex = i;
    const tag = TAG.exec(html);
    if (!tag) return `Character '<' is reserved and must be escaped with "&lt;" at byte offset ${byteOffset(html, i)}`;
    const closing = tag[1] === '/';
    const name = tag[2].toLowerCase();
    const where = `at byte offset ${byteOffset(html, i)}`;
    if (!(name in HTML_ATTRIBUTES)) return `Unsupported ${closing ? 'end' : 'start'} tag "${name}" ${where}`;
    if (closing) {
      if (tag[3].trim() || tag[4]) return `Unexpected end tag "${name}" ${where}`;
      if (!stack.length) return `Unexpected end tag "${name}" ${where}`;
      if (stack[stack.length - 1] !== name) {
        return `Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`;
      }
      stack.pop();
    } else {
      if (tag[4]) return `Unsupported self-closing tag "${name}" ${where}`;
      const attributes = {};
      for (const m of tag[3].matchAll(ATTRIBUTE)) attributes[m[1].toLowerCase()] = unquoted(m[2]) ?? null;
      const problem = attributesProblem(name, attributes, stack) || nestingProblem(name, stack);
      if (problem) return `${problem} ${where}`;
      stack.push(name);
    }
    i = TAG.lastIndex;
  }
  return stack.length ? `Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"` : null;
}

/** The text a bot method sends in HTML parse mode (null: none, or another parse mode). */
function htmlOf(method, body) {
  if (String(body.parse_mode || '').toUpperCase() !== 'HTML') return null;
  if (method === 'sendMessage' || method === 'editMessageText') return String(body.text ?? '');
  if (['sendPhoto', 'sendDocument', 'editMessageCaption'].includes(method)) return String(body.caption ?? '');
  return null;
}

/* ------------------------------------------------------------------ emulator with fixed user updates */

class FixedTelegramServer extends TelegramServer {
  constructor(config) {
    super(config);
    this.commands = {}; // token -> [{command, description}]
    this.failures = {}; // `${token} ${method}` -> {times, how}
    this.webhookDeliveries = []; // {token, status}
    this.files = {}; // file_id -> {buffer, name, mime, uniqueId}
    this.setMaxListeners(0);
  }

  async addUserCommand(message) {
    if (!message.entities) {
      const text = String(message.text || '');
      const end = text.indexOf(' ') === -1 ? text.length : text.indexOf(' ');
      message.entities = [{ offset: 0, length: end, type: 'bot_command' }];
    }
    return super.addUserCommand(message);
  }

  async addUserUpdate(update) {
    const webhook = this.webhooks[update.botToken];
    if (!webhook) {
      return super.addUserUpdate(update);
    }
    // Deliver like Telegram does: JSON, with the secret token header when one was set.
    const headers = { 'Content-Type': 'application/json' };
    if (webhook.secret_token) {
      headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
    }
    const body = JSON.stringify(fixUpdate(TelegramServer.formatUpdate(update)));
    this.updateId++;
    let status = 0;
    try {
      status = (await fetch(webhook.url, { method: 'POST', headers, body })).status;
    } catch (error) {
      console.error(`webhook delivery to ${webhook.url} failed: ${error}`);
    }
    this.webhookDeliveries.push({ token: update.botToken, status });
    return undefined;
  }

  storeFile(buffer, name, mime) {
    const uniqueId = crypto.createHash('sha256').update(buffer).digest('hex').slice(0, 16);
    const fileId = `F${Object.keys(this.files).length + 1}_${uniqueId}`;
    this.files[fileId] = { buffer, name, mime, uniqueId };
    return fileId;
  }

  describeFile(fileId) {
    const file = this.files[fileId];
    return {
      file_id: fileId, file_unique_id: file.uniqueId, file_size: file.buffer.length,
      file_name: file.name, mime_type: file.mime,
    };
  }

  hasUnreadUpdates(token) {
    return this.storage.userMessages.some((u) => u.botToken === token && !u.isRead);
  }

  unreadBotMessages(token) {
    return this.storage.botMessages.filter((m) => m.botToken === token && !m.isRead);
  }
}

/* ------------------------------------------------------------------ front server */

/** multipart/form-data (how PTB uploads files): string fields as strings, files as {buffer, filename, type}. */
async function parseMultipart(buffer, type) {
  const form = await new Response(buffer, { headers: { 'content-type': type } }).formData();
  const body = {};
  for (const [key, value] of form.entries()) {
    body[key] = typeof value === 'string'
      ? value
      : { buffer: Buffer.from(await value.arrayBuffer()), filename: value.name, type: value.type };
  }
  return body;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const buffer = Buffer.concat(chunks);
      const raw = buffer.toString('utf8');
      const type = String(req.headers['content-type'] || '');
      try {
        if (type.includes('multipart/form-data')) {
          parseMultipart(buffer, type).then(resolve, reject);
        } else if (!raw) {
          resolve({});
        } else if (type.includes('application/json')) {
          resolve(JSON.parse(raw));
        } else {
          resolve(Object.fromEntries(new URLSearchParams(raw)));
        }
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Wait until `ready()` holds or `seconds` pass, re-checking whenever `server` emits one of `events`. */
function waitFor(server, events, ready, seconds) {
  if (ready() || seconds <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.forEach((e) => server.off(e, check));
      resolve();
    };
    const check = () => { if (ready()) done(); };
    const timer = setTimeout(done, Math.min(seconds, MAX_WAIT_SECONDS) * 1000);
    events.forEach((e) => server.on(e, check));
  });
}

const USER_EVENTS = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];

/** Forward to the emulator's own express app, correcting the JSON it answers. */
function forwardToEmulator(server, req, res, body, method) {
  req.body = body;
  req._body = true; // body-parser: already parsed
  if (method) {
    const expressJson = server.webServer.response.json;
    res.json = function json(answer) {
      const fixed = fixBotAnswer(method, answer);
      if (fixed.status) this.status(fixed.status);
      return expressJson.call(this, fixed.body);
    };
  }
  server.webServer(req, res);
}

function takeFailure(server, token, method, req, res) {
  const key = `${token} ${method}`;
  const failure = server.failures[key];
  if (!failure || failure.times <= 0) return false;
  failure.times -= 1;
  if (failure.how === 'drop') {
    req.socket.destroy();
  } else if (failure.how === 'forbidden') {
    sendJson(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
  } else if (failure.how === 'flood') {
    sendJson(res, 429, {
      ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 },
    });
  } else {
    sendJson(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
  }
  return true;
}

/** sendPhoto / sendDocument: keep the file, record the bot message, answer it like Telegram (photo sizes or a
 * document). The file is an upload or the file_id of a file sent before. */
function sendMedia(server, res, body, token, method) {
  const field = method === 'sendPhoto' ? 'photo' : 'document';
  const upload = body[field];
  let fileId;
  if (upload && upload.buffer) {
    fileId = server.storeFile(upload.buffer, upload.filename || 'file', upload.type || 'application/octet-stream');
  } else if (typeof upload === 'string' && server.files[upload]) {
    fileId = upload;
  } else {
    sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: wrong file identifier specified' });
    return;
  }
  const described = server.describeFile(fileId);
  const media = field === 'photo'
    ? [{ file_id: fileId, file_unique_id: described.file_unique_id, file_size: described.file_size, width: 1, height: 1 }]
    : described;
  const raw = { chat_id: body.chat_id, [field]: media };
  ['caption', 'parse_mode', 'reply_markup'].forEach((key) => { if (body[key] !== undefined) raw[key] = body[key]; });
  const result = server.addBotMessage(raw, token);
  sendJson(res, 200, { ok: true, result: fixDates(result) });
}

async function handleBotMethod(server, req, res, body, token, method) {
  if (takeFailure(server, token, method, req, res)) return;
  const html = htmlOf(method, body);
  const problem = html === null ? null : htmlProblem(html);
  if (problem) {
    sendJson(res, 400, { ok: false, error_code: 400, description: `Bad Request: can't parse entities: ${problem}` });
    return;
  }
  if (method === 'sendPhoto' || method === 'sendDocument') {
    sendMedia(server, res, body, token, method);
    return;
  }
  if (method === 'getFile') {
    if (!server.files[body.file_id]) {
      sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      return;
    }
    const { file_id: fileId, file_unique_id: uniqueId, file_size: size } = server.describeFile(body.file_id);
    sendJson(res, 200, {
      ok: true, result: { file_id: fileId, file_unique_id: uniqueId, file_size: size, file_path: `files/${fileId}` },
    });
    return;
  }
  if (method === 'setMyCommands') {
    const commands = typeof body.commands === 'string' ? JSON.parse(body.commands) : body.commands;
    server.commands[token] = commands || [];
    sendJson(res, 200, { ok: true, result: true });
    return;
  }
  if (method === 'getMyCommands') {
    sendJson(res, 200, { ok: true, result: server.commands[token] || [] });
    return;
  }
  if (method === 'sendChatAction') {
    sendJson(res, 200, { ok: true, result: true });
    return;
  }
  if (method === 'getUpdates') {
    const timeout = Number(body.timeout || 0);
    await waitFor(server, USER_EVENTS, () => server.hasUnreadUpdates(token), timeout);
    if (res.destroyed) return;
  }
  forwardToEmulator(server, req, res, body, method);
}

async function handleTestRoute(server, req, res, body, route, query) {
  const token = body.token || query.get('token');
  if (route === 'fail') {
    server.failures[`${token} ${body.method}`] = { times: Number(body.times || 1), how: body.how || 'status' };
    sendJson(res, 200, { ok: true, result: true });
  } else if (route === 'commands') {
    sendJson(res, 200, { ok: true, result: server.commands[token] || [] });
  } else if (route === 'webhookDeliveries') {
    sendJson(res, 200, { ok: true, result: server.webhookDeliveries.filter((d) => d.token === token) });
  } else if (route === 'upload') {
    const fileId = server.storeFile(Buffer.from(body.data, 'base64'), body.name, body.mime);
    sendJson(res, 200, { ok: true, result: server.describeFile(fileId) });
  } else if (route === 'file') {
    const file = server.files[body.file_id || query.get('file_id')];
    if (!file) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'no such file' });
    } else {
      res.writeHead(200, { 'Content-Type': file.mime, 'Content-Length': file.buffer.length });
      res.end(file.buffer);
    }
  } else if (route === 'botMessages') {
    const timeout = Number(body.timeout || 0);
    await waitFor(server, ['AddedBotMessage'], () => server.unreadBotMessages(token).length > 0, timeout);
    const messages = server.unreadBotMessages(token);
    messages.forEach((m) => { m.isRead = true; });
    sendJson(res, 200, { ok: true, result: fixDates(messages.map((m) => ({ ...m }))) });
  } else {
    sendJson(res, 404, { ok: false, error_code: 404, description: `unknown test route ${route}` });
  }
}

async function handleClientGetUpdates(server, req, res, body) {
  // Optional long polling for the test user: wait for a bot message in this chat up to `timeout` seconds.
  const timeout = Number(body.timeout || 0);
  const unread = () => server.unreadBotMessages(body.token)
    .some((m) => String(m.message.chat_id) === String(body.chatId));
  await waitFor(server, ['AddedBotMessage'], unread, timeout);
  if (res.destroyed) return;
  forwardToEmulator(server, req, res, body, null);
}

function frontHandler(server) {
  return async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      const body = await readBody(req);
      const botMatch = url.pathname.match(/^\/bot([^/]+)\/([A-Za-z]+)$/);
      const testMatch = url.pathname.match(/^\/_test\/([A-Za-z]+)$/);
      const fileMatch = url.pathname.match(/^\/file\/bot([^/]+)\/files\/([A-Za-z0-9_]+)$/);
      if (fileMatch) {
        await handleTestRoute(server, req, res, { file_id: fileMatch[2] }, 'file', url.searchParams);
      } else if (botMatch) {
        await handleBotMethod(server, req, res, body, decodeURIComponent(botMatch[1]), botMatch[2]);
      } else if (testMatch) {
        await handleTestRoute(server, req, res, body, testMatch[1], url.searchParams);
      } else if (url.pathname === '/getUpdates') {
        await handleClientGetUpdates(server, req, res, body);
      } else {
        forwardToEmulator(server, req, res, body, null);
      }
    } catch (error) {
      console.error(`emulator front: ${error && error.stack ? error.stack : error}`);
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${error}` });
      }
    }
  };
}

async function main() {
  process.on('unhandledRejection', (error) => console.error(`unhandled rejection: ${error}`));
  const server = new FixedTelegramServer({ port: 1, host: '127.0.0.1', storeTimeout: 600 });
  const front = http.createServer(frontHandler(server));
  front.keepAliveTimeout = 60000;
  await new Promise((resolve) => front.listen(Number(process.argv[2] || 0), '127.0.0.1', resolve));
  server.started = true;
  server.cleanUpDaemon();
  process.stdout.write(`READY ${front.address().port}\n`);
  const stop = () => front.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main();
} else {
  module.exports = { htmlProblem };
}
