"""Telethon's half of the side-by-side benchmark (dev.heliograph.bench.sidebyside.SideBySide).

Usage: python3 telethon_side_by_side.py DRIVER_DIR '<json arguments>'; prints one JSON object on
its last line. DRIVER_DIR holds test-dc's Telethon driver (driver.py), whose client settings and
key handling this reuses. Arguments: host, port, dc, pem, api_id, api_hash, token, session_dir, and
mode: "measure" (cold logins with Telethon's file store, then sequential, pipelined and 1 MiB calls
on one connection; counts: logins, calls, pipelined, in_flight, mib_calls) or "first" (one login in
this fresh process, then print "logged in" and exit).

Latencies are returned in nanoseconds, one per call, so that the Java side computes every
percentile the same way for both clients.
"""
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, sys.argv[1])
import driver  # noqa: E402  (test-dc's Telethon driver: the same client settings as the ITs)

from telethon import TelegramClient, functions, types  # noqa: E402
from telethon.crypto import rsa  # noqa: E402
from telethon.sessions import SQLiteSession  # noqa: E402

MIB = 1 << 20
# Telethon refuses requests above its 1 MiB message limit (less headers), so the JSON is 1 MiB less
# the 64 KiB of inputUserSelf that follow it: the Java side sends the same bytes.
JSON_BYTES = MIB - 128 * 1024


def file_client(a, name):
    """A client on Telethon's file store (SQLite), as a Telethon user would run it."""
    session = SQLiteSession(os.path.join(a['session_dir'], name))
    session.set_dc(a['dc'], a['host'], a['port'])
    return TelegramClient(session, a['api_id'], a['api_hash'], connection=driver.CONNECTIONS['full'],
                          connection_retries=2, request_retries=3, flood_sleep_threshold=0)


async def cold_logins(a, n, tag):
    """New session each time: key exchange, then Telethon's start(bot_token)."""
    out = []
    for i in range(n):
        started = time.perf_counter_ns()
        client = file_client(a, 'cold-%s-%d' % (tag, i))
        await client.start(bot_token=a['token'])
        out.append(time.perf_counter_ns() - started)
        await client.disconnect()
    return out


async def sequential(client, n):
    out = []
    request = functions.help.GetNearestDcRequest
    for _ in range(n):
        started = time.perf_counter_ns()
        await client(request())
        out.append(time.perf_counter_ns() - started)
    return out


async def pipelined(client, n, in_flight):
    """n calls with in_flight outstanding at any time on the client's one connection."""
    remaining = [n]

    async def worker():
        while remaining[0] > 0:
            remaining[0] -= 1
            await client(functions.help.GetNearestDcRequest())

    started = time.perf_counter_ns()
    await asyncio.gather(*[worker() for _ in range(in_flight)])
    return time.perf_counter_ns() - started


async def mebibyte(client, n, api_id):
    """The call the Java side makes: 0.94 MiB out, users.getUsers answering over 1 MiB back."""
    out = []
    users = MIB // 64
    for _ in range(n):
        request = functions.InvokeWithLayerRequest(144, functions.InitConnectionRequest(
            api_id=api_id, device_model='Heliograph bench', system_version='Linux', app_version='0.1',
            system_lang_code='en', lang_pack='', lang_code='en',
            params=types.JsonString('x' * JSON_BYTES),
            query=functions.users.GetUsersRequest([types.InputUserSelf()] * users)))
        started = time.perf_counter_ns()
        answer = await client(request)
        out.append(time.perf_counter_ns() - started)
        if len(answer) != users:
            raise RuntimeError('expected %d users, got %d' % (users, len(answer)))
    return out


async def measure(a):
    tag = a.get('tag', 'r')
    out = {'cold_file': await cold_logins(a, a['logins'], tag)}
    client = file_client(a, 'calls-' + tag)
    await client.start(bot_token=a['token'])
    try:
        out['sequential'] = await sequential(client, a['calls'])
        out['pipelined_nanos'] = await pipelined(client, a['pipelined'], a['in_flight'])
        out['pipelined_calls'] = a['pipelined']
        out['mib'] = await mebibyte(client, a['mib_calls'], a['api_id'])
    finally:
        await client.disconnect()
    return out


async def first(a):
    client = file_client(a, 'first')
    await client.start(bot_token=a['token'])
    print('logged in', flush=True)
    await client.disconnect()
    return {}


def main():
    a = json.loads(sys.argv[2])
    rsa._server_keys.clear()
    with open(a['pem']) as f:
        rsa.add_key(f.read(), old=False)
    run = first if a['mode'] == 'first' else measure
    print(json.dumps(asyncio.run(run(a))))


if __name__ == '__main__':
    main()
