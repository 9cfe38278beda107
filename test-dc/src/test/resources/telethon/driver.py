"""Drives Telethon (Debian's python3-telethon, layer 144) against a Heliograph test DC.

Usage: python3 driver.py '<json arguments>'; prints one JSON object on its last line.
Arguments: host, port, dc (the DC to start on), pem (path of the cluster's public key),
api_id, api_hash, token, mode ("login" or "bench"), flood_sleep_threshold, connection (one of
"full" (the default), "abridged", "intermediate", "obfuscated" (obfuscated2 over abridged) and
"http" (POST /api)), and for "bench":
calls (help.getNearestDc calls on one connection), logins (cold logins, a new key each).
"""
import asyncio
import json
import logging
import sys
import time

from telethon import TelegramClient, errors, functions
from telethon.crypto import rsa
from telethon.network import (ConnectionHttp, ConnectionTcpAbridged, ConnectionTcpFull,
                              ConnectionTcpIntermediate, ConnectionTcpObfuscated)
from telethon.network.connection.http import HttpPacketCodec
from telethon.sessions import MemorySession


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


def new_client(a):
    session = MemorySession()
    session.set_dc(a['dc'], a['host'], a['port'])
    # Telethon 1.25 writes the auth key without its leading zero bytes (rsa.get_byte_array), so one
    # key exchange in 256 fails its own new_nonce_hash check ("Step 3 invalid new nonce hash"), with
    # Telegram as with the test DC; a couple of connection retries make a new key.
    connection = CONNECTIONS[a.get('connection', 'full')]
    return TelegramClient(session, a['api_id'], a['api_hash'], connection=connection,
                          connection_retries=2, request_retries=3,
                          flood_sleep_threshold=a.get('flood_sleep_threshold', 60))


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
    run = login if a.get('mode', 'login') == 'login' else bench
    result = asyncio.run(run(a))
    print(json.dumps(result))


if __name__ == '__main__':
    main()
