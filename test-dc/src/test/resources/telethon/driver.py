"""Drives Telethon (Debian's python3-telethon, layer 144) against a Heliograph test DC.

Usage: python3 driver.py '<json arguments>'; prints one JSON object on its last line.
Arguments: host, port, dc (the DC to start on), pem (path of the cluster's public key),
api_id, api_hash, token, mode, flood_sleep_threshold, local_addr (bind sockets to this address),
connection (one of
"full" (the default), "abridged", "intermediate", "obfuscated" (obfuscated2 over abridged) and
"http" (POST /api)), and for "bench":
calls (help.getNearestDc calls on one connection), logins (cold logins, a new key each).

Modes:
  login  log a bot in with `token` and report who it is.
  bench  the load described above.
  user   log a user in by `phone` and `code`, resolve `bot_username`, send it `texts`, and wait
         (up to `timeout` s) for `replies` messages from it; reports them.
  bot    log a bot in with `token`, keeping the session (auth key, update state, entities) in the
         SQLite file `session`, with catch_up: missed updates come through Telethon's own
         getDifference. Prints READY once logged in, then collects incoming messages (replying
         "echo: TEXT" when `reply` is true) until `expect` arrived or `timeout` s passed.
  export log a bot in with `token` and report the session as a StringSession string.
  hold   use the StringSession `string` from `local_addr`, calling get_me every 0.2 s for
         `seconds` s; reports the first RPC error.
"""
import asyncio
import json
import logging
import sys
import time

from telethon import TelegramClient, errors, events, functions
from telethon.crypto import rsa
from telethon.network import (ConnectionHttp, ConnectionTcpAbridged, ConnectionTcpFull,
                              ConnectionTcpIntermediate, ConnectionTcpObfuscated)
from telethon.network.connection.http import HttpPacketCodec
from telethon.sessions import MemorySession, SQLiteSession, StringSession


async def _read_http_packet(self, reader):
    """Telethon 1.25.1's HttpPacketCodec.read_packet with its one bug fixed.

    The original tests `line[-1] != b'\\n'`, which compares an int with bytes on Python 3, is
    always true, and so fails on the first response line: ConnectionHttp cannot read any response
    from any server. This copy compares `line[-1:]`; everything else is Telethon's, including its
    assumption that Content-Length is the last header.
    """
    while True:
        line = await reader.readline()
        if not line or line[-1:] != b'\n':
            raise asyncio.IncompleteReadError(line, None)
        if line.lower().startswith(b'content-length: '):
            await reader.readexactly(2)
            length = int(line[16:-2])
            return await reader.readexactly(length)


HttpPacketCodec.read_packet = _read_http_packet


CONNECTIONS = {
    'full': ConnectionTcpFull,
    'abridged': ConnectionTcpAbridged,
    'intermediate': ConnectionTcpIntermediate,
    'obfuscated': ConnectionTcpObfuscated,
    'http': ConnectionHttp,
}


def new_client(a, session=None, **extra):
    if session is None:
        session = MemorySession()
    if session.auth_key is None:
        session.set_dc(a['dc'], a['host'], a['port'])
    # Telethon 1.25 writes the auth key without its leading zero bytes (rsa.get_byte_array), so one
    # key exchange in 256 fails its own new_nonce_hash check ("Step 3 invalid new nonce hash"), with
    # Telegram as with the test DC; a couple of connection retries make a new key.
    connection = CONNECTIONS[a.get('connection', 'full')]
    return TelegramClient(session, a['api_id'], a['api_hash'], connection=connection,
                          connection_retries=2, request_retries=3, local_addr=a.get('local_addr'),
                          flood_sleep_threshold=a.get('flood_sleep_threshold', 60), **extra)


async def user(a):
    client = new_client(a)
    replies = asyncio.Queue()
    try:
        await client.start(phone=a['phone'], code_callback=lambda: a['code'])
        me = await client.get_me()
        bot = await client.get_entity(a['bot_username'])

        @client.on(events.NewMessage(incoming=True))
        async def on_message(event):
            if event.sender_id == bot.id:
                await replies.put(event.raw_text)

        for text in a.get('texts', []):
            await client.send_message(bot, text)
        got = []
        try:
            while len(got) < a.get('replies', 0):
                got.append(await asyncio.wait_for(replies.get(), a.get('timeout', 20)))
        except asyncio.TimeoutError:
            pass
        return {'ok': True, 'id': me.id, 'phone': me.phone, 'bot_id': bot.id, 'bot': bool(bot.bot),
                'replies': got}
    except errors.RPCError as e:
        return {'ok': False, 'error': type(e).__name__, 'code': e.code}
    finally:
        await client.disconnect()


async def bot(a):
    client = new_client(a, SQLiteSession(a['session']), catch_up=True)
    got = []
    done = asyncio.Event()

    @client.on(events.NewMessage(incoming=True))
    async def on_message(event):
        got.append(event.raw_text)
        if a.get('reply'):
            await event.reply('echo: ' + event.raw_text)
        if len(got) >= a.get('expect', 1):
            done.set()

    try:
        await client.start(bot_token=a['token'])
        me = await client.get_me()
        print('READY', flush=True)
        try:
            await asyncio.wait_for(done.wait(), a.get('timeout', 20))
        except asyncio.TimeoutError:
            pass
        return {'ok': True, 'id': me.id, 'got': got}
    except errors.RPCError as e:
        return {'ok': False, 'error': type(e).__name__, 'code': e.code, 'got': got}
    finally:
        await client.disconnect()


async def export(a):
    client = new_client(a, StringSession())
    try:
        await client.start(bot_token=a['token'])
        return {'ok': True, 'string': client.session.save()}
    finally:
        await client.disconnect()


async def hold(a):
    client = new_client(a, StringSession(a['string']))
    started = time.monotonic()
    calls = 0
    try:
        await client.connect()
        while time.monotonic() - started < a.get('seconds', 10):
            await client.get_me()
            calls += 1
            await asyncio.sleep(0.2)
        return {'ok': True, 'calls': calls}
    except errors.RPCError as e:
        return {'ok': False, 'error': type(e).__name__, 'code': e.code, 'calls': calls}
    except Exception as e:
        return {'ok': False, 'error': type(e).__name__, 'calls': calls}
    finally:
        await client.disconnect()


async def login(a):
    client = new_client(a)
    started = time.monotonic()
    try:
        await client.start(bot_token=a['token'])
        me = await client.get_me()
        return {'ok': True, 'id': me.id, 'first_name': me.first_name, 'username': me.username,
                'bot': bool(me.bot), 'dc': client.session.dc_id, 'port': client.session.port,
                'seconds': time.monotonic() - started}
    except errors.RPCError as e:
        return {'ok': False, 'error': type(e).__name__, 'code': e.code,
                'seconds': time.monotonic() - started}
    finally:
        await client.disconnect()


async def bench(a):
    out = {}
    logins = a.get('logins', 0)
    if logins:
        started = time.monotonic()
        for _ in range(logins):
            client = new_client(a)
            await client.start(bot_token=a['token'])
            await client.disconnect()
        out['logins_per_second'] = logins / (time.monotonic() - started)
    calls = a.get('calls', 0)
    if calls:
        client = new_client(a)
        await client.start(bot_token=a['token'])
        batch = 500
        started = time.monotonic()
        done = 0
        while done < calls:
            n = min(batch, calls - done)
            await asyncio.gather(*[client(functions.help.GetNearestDcRequest()) for _ in range(n)])
            done += n
        out['calls_per_second'] = calls / (time.monotonic() - started)
        await client.disconnect()
    return out


def main():
    a = json.loads(sys.argv[1])
    rsa._server_keys.clear()
    with open(a['pem']) as f:
        rsa.add_key(f.read(), old=False)
    logging.basicConfig(level=logging.WARNING)
    run = {'login': login, 'bench': bench, 'user': user, 'bot': bot, 'export': export,
           'hold': hold}[a.get('mode', 'login')]
    result = asyncio.run(run(a))
    print(json.dumps(result))


if __name__ == '__main__':
    main()
