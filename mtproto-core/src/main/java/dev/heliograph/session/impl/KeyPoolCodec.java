package dev.heliograph.session.impl;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.KeyPool;
import dev.heliograph.session.ServerSalt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The stored form of a {@link KeyPool}, versioned like {@link SnapshotCodec}:
 *
 * <pre>
 * record:  u32 magic "HGKP", u16 version (1), u16 flags (bit 0: keys sealed),
 *          i64 last fencing token, u16 count; count x host id (str),
 *          u16 count; count x quarantined [i64 key id, str reason],
 *          u32 CRC32C of all of the above,
 *          u16 count; count x entry [u16 length, entry body, u32 CRC32C of the body]
 * body:    i64 key id, i32 DC, u16 len, key (plain 256 or sealed 284), i64 time offset ms,
 *          u16 count; count x salt [i64, i32, i32],
 *          u8 leased; [str holder, i64 fencing token, i64 expiry (epoch ms), u8 released]
 * str:     u16 length, modified UTF-8 ({@link DataOutputStream#writeUTF})
 * </pre>
 * Each entry has its own checksum, so one damaged entry is set aside ({@link KeyPool#damaged()})
 * and the other keys stay usable; damage outside the entries makes the whole record
 * {@link SessionStoreException.Kind#CORRUPT}. A newer version is
 * {@link SessionStoreException.Kind#UNSUPPORTED_VERSION}. Errors name the source, never a key.
 *
 * @since 0.2
 */
public final class KeyPoolCodec {

    /** The format version this codec writes. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAGIC = 0x48474b50; // "HGKP"
    private static final int FLAG_SEALED = 1;
    private static final int MAX_ENTRY = 4096;

    private final AuthKeyEncryption encryption;

    private KeyPoolCodec(AuthKeyEncryption encryption) {
        this.encryption = encryption;
    }

    /**
     * Returns a codec that stores auth keys in the clear (protect the storage).
     *
     * @return the codec
     */
    public static KeyPoolCodec plain() {
        return new KeyPoolCodec(null);
    }

    /**
     * Returns a codec that seals auth keys with {@code encryption}.
     *
     * @param encryption the user's key
     * @return the codec
     */
    public static KeyPoolCodec encrypting(AuthKeyEncryption encryption) {
        return new KeyPoolCodec(Objects.requireNonNull(encryption, "encryption is null"));
    }

    /**
     * Encodes a pool.
     *
     * @param pool the pool (one that {@link KeyPool#exists() exists})
     * @return the bytes
     */
    public byte[] encode(KeyPool pool) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeShort(encryption == null ? 0 : FLAG_SEALED);
            out.writeLong(pool.lastToken());
            out.writeShort(count(pool.hosts().size()));
            for (String host : pool.hosts()) {
                out.writeUTF(host);
            }
            List<KeyPool.Quarantined> aside = new ArrayList<>(pool.quarantined());
            aside.addAll(pool.damaged());
            out.writeShort(count(aside.size()));
            for (KeyPool.Quarantined q : aside) {
                out.writeLong(q.authKeyId());
                out.writeUTF(q.reason());
            }
            out.flush();
            out.writeInt(crc(buffer.toByteArray(), 0, buffer.size()));
            out.writeShort(count(pool.entries().size()));
            for (KeyPool.Entry e : pool.entries()) {
                byte[] body = entry(e);
                out.writeShort(body.length);
                out.write(body);
                out.writeInt(crc(body, 0, body.length));
                Arrays.fill(body, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private byte[] entry(KeyPool.Entry e) throws IOException {
        DcAuth auth = e.auth();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeLong(auth.authKeyId());
            out.writeInt(auth.dcId());
            byte[] key = auth.authKey().bytes();
            byte[] stored = encryption == null ? key : encryption.seal(auth.dcId(), auth.authKeyId(), key);
            out.writeShort(stored.length);
            out.write(stored);
            Arrays.fill(key, (byte) 0);
            out.writeLong(auth.timeOffsetMillis());
            out.writeShort(count(auth.salts().size()));
            for (ServerSalt salt : auth.salts()) {
                out.writeLong(salt.salt());
                out.writeInt(salt.validSince());
                out.writeInt(salt.validUntil());
            }
            out.writeByte(e.holder() == null ? 0 : 1);
            if (e.holder() != null) {
                out.writeUTF(e.holder());
                out.writeLong(e.fencingToken());
                out.writeLong(e.expiresAtMillis());
                out.writeByte(e.released() ? 1 : 0);
            }
        }
        return buffer.toByteArray();
    }

    /**
     * Decodes a pool.
     *
     * @param data the bytes
     * @param source where they came from, for error messages
     * @return the pool; entries that fail their checksum or hold bad values are in
     *     {@link KeyPool#damaged()}
     * @throws SessionStoreException of kind {@code CORRUPT} (bad magic, header checksum, lengths),
     *     {@code UNSUPPORTED_VERSION}, or {@code INVALID} (sealed keys without, or with the wrong,
     *     encryption key)
     */
    public KeyPool decode(byte[] data, String source) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            if (in.readInt() != MAGIC) {
                throw corrupt(source, "not a Heliograph key pool (bad magic)");
            }
            int version = in.readUnsignedShort();
            if (version > FORMAT_VERSION) {
                throw new SessionStoreException(SessionStoreException.Kind.UNSUPPORTED_VERSION, source
                        + " has key pool format version " + version + "; this version of Heliograph reads up to "
                        + FORMAT_VERSION, null);
            }
            if (version < 1) {
                throw corrupt(source, "format version 0");
            }
            int flags = in.readUnsignedShort();
            if ((flags & ~FLAG_SEALED) != 0) {
                throw corrupt(source, "unknown flags " + Integer.toHexString(flags));
            }
            boolean sealed = (flags & FLAG_SEALED) != 0;
            if (sealed && encryption == null) {
                throw new SessionStoreException(SessionStoreException.Kind.INVALID, "the auth keys in " + source
                        + " are encrypted; configure the store with their encryption key", null);
            }
            long lastToken = in.readLong();
            int hostCount = in.readUnsignedShort();
            Set<String> hosts = new LinkedHashSet<>();
            for (int i = 0; i < hostCount; i++) {
                hosts.add(in.readUTF());
            }
            int asideCount = in.readUnsignedShort();
            List<KeyPool.Quarantined> quarantined = new ArrayList<>();
            for (int i = 0; i < asideCount; i++) {
                quarantined.add(new KeyPool.Quarantined(in.readLong(), in.readUTF()));
            }
            int headerLength = data.length - in.available();
            if (in.readInt() != crc(data, 0, headerLength)) {
                throw corrupt(source, "header checksum mismatch");
            }
            int entryCount = in.readUnsignedShort();
            List<KeyPool.Entry> entries = new ArrayList<>();
            List<KeyPool.Quarantined> damaged = new ArrayList<>();
            for (int i = 0; i < entryCount; i++) {
                int length = in.readUnsignedShort();
                if (length > MAX_ENTRY || length + 4 > in.available()) {
                    throw corrupt(source, "entry " + i + " has length " + length);
                }
                byte[] body = new byte[length];
                in.readFully(body);
                int expected = in.readInt();
                long claimedId = length >= 8 ? ByteBuffer.wrap(body).getLong() : 0;
                if (crc(body, 0, length) != expected) {
                    damaged.add(new KeyPool.Quarantined(claimedId, "checksum mismatch in " + source));
                } else {
                    try {
                        entries.add(readEntry(body, sealed, source));
                    } catch (EOFException | IllegalArgumentException e) {
                        damaged.add(new KeyPool.Quarantined(claimedId, "bad entry in " + source + ": "
                                + (e.getMessage() == null ? "truncated" : e.getMessage())));
                    }
                }
                Arrays.fill(body, (byte) 0);
            }
            if (in.available() != 0) {
                throw corrupt(source, in.available() + " unexpected bytes after the pool");
            }
            return KeyPool.of(lastToken, hosts, entries, damaged, quarantined);
        } catch (EOFException e) {
            throw corrupt(source, "a field runs past the end");
        } catch (IOException e) {
            throw corrupt(source, "unreadable: " + e.getMessage());
        }
    }

    private KeyPool.Entry readEntry(byte[] body, boolean sealed, String source) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        long keyId = in.readLong();
        int dcId = in.readInt();
        byte[] stored = new byte[in.readUnsignedShort()];
        in.readFully(stored);
        if (stored.length != (sealed ? AuthKeyEncryption.SEALED_LENGTH : AuthKey.LENGTH)) {
            throw new IllegalArgumentException("auth key length " + stored.length);
        }
        byte[] key = sealed ? encryption.open(dcId, keyId, stored, source) : stored;
        AuthKey authKey = AuthKey.of(key);
        Arrays.fill(key, (byte) 0);
        if (authKey.id() != keyId) {
            throw new IllegalArgumentException("the auth key does not match its key id");
        }
        long offset = in.readLong();
        int saltCount = in.readUnsignedShort();
        List<ServerSalt> salts = new ArrayList<>();
        for (int i = 0; i < saltCount; i++) {
            salts.add(new ServerSalt(in.readLong(), in.readInt(), in.readInt()));
        }
        DcAuth auth = new DcAuth(dcId, authKey, salts, offset);
        int leased = in.readUnsignedByte();
        KeyPool.Entry entry;
        if (leased == 0) {
            entry = new KeyPool.Entry(auth, null, 0, 0, false);
        } else if (leased == 1) {
            String holder = in.readUTF();
            long token = in.readLong();
            long expires = in.readLong();
            int released = in.readUnsignedByte();
            if (released > 1) {
                throw new IllegalArgumentException("bad boolean " + released);
            }
            entry = new KeyPool.Entry(auth, holder, token, expires, released == 1);
        } else {
            throw new IllegalArgumentException("bad lease marker " + leased);
        }
        if (in.available() != 0) {
            throw new IllegalArgumentException(in.available() + " unexpected bytes");
        }
        return entry;
    }

    private static int crc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    private static int count(int n) {
        if (n > 0xffff) {
            throw new IllegalArgumentException("too many entries for the key pool format: " + n);
        }
        return n;
    }

    private static SessionStoreException corrupt(String source, String problem) {
        return new SessionStoreException(SessionStoreException.Kind.CORRUPT, source + " is corrupt: " + problem, null);
    }

    @Override
    public String toString() {
        return "KeyPoolCodec[v" + FORMAT_VERSION + (encryption == null ? ", plain" : ", sealed auth keys") + "]";
    }
}
