package dev.heliograph.session.impl;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.DcAuth;
import dev.heliograph.session.DcOption;
import dev.heliograph.session.KnownPeer;
import dev.heliograph.session.SelfUser;
import dev.heliograph.session.ServerSalt;
import dev.heliograph.session.SessionSnapshot;
import dev.heliograph.session.UpdateState;
import dev.heliograph.tl.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The versioned binary format of a {@link SessionSnapshot}, shared by every persistent store and
 * by migration between stores.
 *
 * <h2>Format (version 2, big-endian)</h2>
 * <pre>
 * offset  size  field
 * 0       4     magic "HGSN"
 * 4       2     format version (2; version 1 is still read)
 * 6       2     flags: bit 0 = auth keys sealed with {@link AuthKeyEncryption}
 * 8       4     body length N
 * 12      N     body
 * 12+N    4     CRC-32C of bytes 0 .. 12+N
 *
 * body:   i32 home DC (0 = none)
 *         u8 has self user; [i64 id, str username ("" = none), str first name, u8 bot]
 *         u16 count; count x dc option [i32 dc, str host, i32 port, i32 flag bits, u16 len, secret]
 *         u16 count; count x DC [i32 dc, i64 key id, u16 len, key (plain 256 or sealed 284),
 *                                i64 time offset ms, u16 count; count x salt [i64, i32, i32]]
 *         (version 2 only, version 1 ends here:)
 *         u8 has update state; [i32 pts, i32 qts, i32 date, i32 seq,
 *                               i32 count; count x channel [i64 channel id, i32 pts]]
 *         i32 count; count x known peer [u8 kind (1 user, 2 channel), i64 id, i64 access hash]
 * str:    u16 length, UTF-8 bytes
 * </pre>
 * A version 1 snapshot (written before the update state and the peer cache existed) reads as a
 * session without either; it is rewritten as version 2 on its next change.
 * Decoding checks the magic, then the version (a newer one is
 * {@link SessionStoreException.Kind#UNSUPPORTED_VERSION}), then the length and checksum, then every
 * field (anything else is {@link SessionStoreException.Kind#CORRUPT}). Errors name the source
 * (file, Redis key) but never a secret.
 */
public final class SnapshotCodec {

    /** The format version this codec writes. */
    public static final int FORMAT_VERSION = 2;

    /** The last version without the update state and the peer cache. */
    private static final int VERSION_WITHOUT_UPDATES = 1;
    private static final int CHANNEL_ENTRY = 12;
    private static final int PEER_ENTRY = 17;
    private static final int PEER_USER = 1;
    private static final int PEER_CHANNEL = 2;

    private static final int MAGIC = 0x4847534e; // "HGSN"
    private static final int HEADER = 12;
    private static final int TRAILER = 4;
    private static final int FLAG_SEALED = 1;

    private final AuthKeyEncryption encryption;

    private SnapshotCodec(AuthKeyEncryption encryption) {
        this.encryption = encryption;
    }

    /**
     * Returns a codec that stores auth keys in plain form (protect the storage instead, e.g.
     * owner-only files).
     *
     * @return the codec
     */
    public static SnapshotCodec plain() {
        return new SnapshotCodec(null);
    }

    /**
     * Returns a codec that seals auth keys with {@code encryption}. It still reads plain
     * snapshots, so existing sessions are sealed the next time they are written.
     *
     * @param encryption the user's key
     * @return the codec
     */
    public static SnapshotCodec encrypting(AuthKeyEncryption encryption) {
        return new SnapshotCodec(Objects.requireNonNull(encryption, "encryption is null"));
    }

    /**
     * Encodes a snapshot.
     *
     * @param snapshot the snapshot
     * @return the bytes
     */
    public byte[] encode(SessionSnapshot snapshot) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeShort(encryption == null ? 0 : FLAG_SEALED);
            out.writeInt(0); // patched below, once the body length is known
            out.writeInt(snapshot.homeDc().orElse(0));
            SelfUser self = snapshot.selfUser().orElse(null);
            out.writeByte(self == null ? 0 : 1);
            if (self != null) {
                out.writeLong(self.id());
                writeString(out, self.username() == null ? "" : self.username());
                writeString(out, self.firstName());
                out.writeByte(self.bot() ? 1 : 0);
            }
            out.writeShort(checkCount(snapshot.dcOptions().size()));
            for (DcOption option : snapshot.dcOptions()) {
                out.writeInt(option.dcId());
                writeString(out, option.host());
                out.writeInt(option.port());
                out.writeInt(option.flagBits());
                out.writeShort(checkCount(option.secret().length()));
                out.write(option.secret().toByteArray());
            }
            out.writeShort(checkCount(snapshot.dcs().size()));
            for (DcAuth dc : snapshot.dcs().values()) {
                out.writeInt(dc.dcId());
                out.writeLong(dc.authKeyId());
                byte[] key = dc.authKey().bytes();
                byte[] stored = encryption == null ? key : encryption.seal(dc.dcId(), dc.authKeyId(), key);
                out.writeShort(stored.length);
                out.write(stored);
                Arrays.fill(key, (byte) 0);
                out.writeLong(dc.timeOffsetMillis());
                out.writeShort(checkCount(dc.salts().size()));
                for (ServerSalt salt : dc.salts()) {
                    out.writeLong(salt.salt());
                    out.writeInt(salt.validSince());
                    out.writeInt(salt.validUntil());
                }
            }
            UpdateState state = snapshot.updateState().orElse(null);
            out.writeByte(state == null ? 0 : 1);
            if (state != null) {
                out.writeInt(state.pts());
                out.writeInt(state.qts());
                out.writeInt(state.date());
                out.writeInt(state.seq());
                out.writeInt(state.channelPts().size());
                for (Map.Entry<Long, Integer> channel : state.channelPts().entrySet()) {
                    out.writeLong(channel.getKey());
                    out.writeInt(channel.getValue());
                }
            }
            List<KnownPeer> peers = new ArrayList<>(snapshot.peers());
            // Sorted so that equal snapshots encode to equal bytes.
            peers.sort(Comparator.comparing(KnownPeer::kind).thenComparingLong(KnownPeer::id));
            out.writeInt(peers.size());
            for (KnownPeer peer : peers) {
                out.writeByte(peer.kind() == KnownPeer.Kind.USER ? PEER_USER : PEER_CHANNEL);
                out.writeLong(peer.id());
                out.writeLong(peer.accessHash());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = buffer.toByteArray();
        int bodyLength = bytes.length - HEADER;
        ByteBuffer.wrap(bytes).putInt(8, bodyLength);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        byte[] framed = Arrays.copyOf(bytes, bytes.length + TRAILER);
        ByteBuffer.wrap(framed).putInt(bytes.length, (int) crc.getValue());
        Arrays.fill(bytes, (byte) 0);
        return framed;
    }

    /**
     * Decodes a snapshot.
     *
     * @param data the bytes
     * @param source where they came from (a file, a Redis key), for error messages
     * @return the snapshot
     * @throws SessionStoreException of kind {@code CORRUPT} (bad magic, length, checksum or
     *     field), {@code UNSUPPORTED_VERSION} (written by a newer format), or {@code INVALID}
     *     (sealed keys without, or with the wrong, encryption key)
     */
    public SessionSnapshot decode(byte[] data, String source) {
        if (data.length < HEADER + TRAILER) {
            throw corrupt(source, "truncated (" + data.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        if (in.getInt() != MAGIC) {
            throw corrupt(source, "not a Heliograph session (bad magic)");
        }
        int version = Short.toUnsignedInt(in.getShort());
        if (version > FORMAT_VERSION) {
            throw new SessionStoreException(SessionStoreException.Kind.UNSUPPORTED_VERSION,
                    source + " has session format version " + version + "; this version of Heliograph reads up to "
                            + FORMAT_VERSION, null);
        }
        if (version < 1) {
            throw corrupt(source, "format version 0");
        }
        int flags = Short.toUnsignedInt(in.getShort());
        int bodyLength = in.getInt();
        if (bodyLength < 0 || bodyLength != data.length - HEADER - TRAILER) {
            throw corrupt(source, "truncated or extended (body length " + bodyLength + ", file " + data.length
                    + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, HEADER + bodyLength);
        if ((int) crc.getValue() != ByteBuffer.wrap(data).getInt(HEADER + bodyLength)) {
            throw corrupt(source, "checksum mismatch");
        }
        if ((flags & ~FLAG_SEALED) != 0) {
            throw corrupt(source, "unknown flags " + Integer.toHexString(flags));
        }
        boolean sealed = (flags & FLAG_SEALED) != 0;
        if (sealed && encryption == null) {
            throw new SessionStoreException(SessionStoreException.Kind.INVALID,
                    "the auth keys in " + source + " are encrypted; configure the store with their encryption key",
                    null);
        }
        ByteBuffer body = ByteBuffer.wrap(data, HEADER, bodyLength).slice();
        try {
            SessionSnapshot snapshot = readBody(body, sealed, version, source);
            if (body.hasRemaining()) {
                throw corrupt(source, body.remaining() + " unexpected bytes after the session");
            }
            return snapshot;
        } catch (BufferUnderflowException e) {
            throw corrupt(source, "a field runs past the end");
        } catch (IllegalArgumentException e) {
            throw corrupt(source, "invalid value: " + e.getMessage());
        }
    }

    private SessionSnapshot readBody(ByteBuffer in, boolean sealed, int version, String source) {
        SessionSnapshot.Builder builder = SessionSnapshot.builder();
        builder.homeDc(in.getInt());
        int hasSelf = in.get();
        if (hasSelf == 1) {
            long id = in.getLong();
            String username = readString(in, source);
            String firstName = readString(in, source);
            builder.selfUser(new SelfUser(id, username.isEmpty() ? null : username, firstName, readFlag(in, source)));
        } else if (hasSelf != 0) {
            throw corrupt(source, "bad self user marker");
        }
        int optionCount = Short.toUnsignedInt(in.getShort());
        List<DcOption> options = new ArrayList<>(optionCount);
        for (int i = 0; i < optionCount; i++) {
            int dcId = in.getInt();
            String host = readString(in, source);
            int port = in.getInt();
            int flagBits = in.getInt();
            byte[] secret = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(secret);
            options.add(new DcOption(dcId, host, port, DcOption.flagsOf(flagBits), Bytes.wrap(secret)));
        }
        builder.dcOptions(options);
        int dcCount = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < dcCount; i++) {
            int dcId = in.getInt();
            long keyId = in.getLong();
            byte[] stored = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(stored);
            if (stored.length != (sealed ? AuthKeyEncryption.SEALED_LENGTH : AuthKey.LENGTH)) {
                throw corrupt(source, "auth key of DC " + dcId + " has length " + stored.length);
            }
            byte[] key = sealed ? encryption.open(dcId, keyId, stored, source) : stored;
            long offset = in.getLong();
            int saltCount = Short.toUnsignedInt(in.getShort());
            List<ServerSalt> salts = new ArrayList<>(saltCount);
            for (int j = 0; j < saltCount; j++) {
                salts.add(new ServerSalt(in.getLong(), in.getInt(), in.getInt()));
            }
            AuthKey authKey = AuthKey.of(key);
            Arrays.fill(key, (byte) 0);
            if (authKey.id() != keyId) {
                throw corrupt(source, "the auth key of DC " + dcId + " does not match its key id");
            }
            builder.dc(new DcAuth(dcId, authKey, salts, offset));
        }
        if (version > VERSION_WITHOUT_UPDATES) {
            readUpdates(in, builder, source);
        }
        return builder.build();
    }

    private static void readUpdates(ByteBuffer in, SessionSnapshot.Builder builder, String source) {
        if (readFlag(in, source)) {
            int pts = in.getInt();
            int qts = in.getInt();
            int date = in.getInt();
            int seq = in.getInt();
            int channelCount = readCount(in, CHANNEL_ENTRY, source);
            Map<Long, Integer> channels = new HashMap<>();
            for (int i = 0; i < channelCount; i++) {
                channels.put(in.getLong(), in.getInt());
            }
            if (channels.size() != channelCount) {
                throw corrupt(source, "a channel appears twice in the update state");
            }
            builder.updateState(new UpdateState(pts, qts, date, seq, channels));
        }
        int peerCount = readCount(in, PEER_ENTRY, source);
        for (int i = 0; i < peerCount; i++) {
            int kind = in.get();
            if (kind != PEER_USER && kind != PEER_CHANNEL) {
                throw corrupt(source, "unknown peer kind " + kind);
            }
            builder.peer(new KnownPeer(kind == PEER_USER ? KnownPeer.Kind.USER : KnownPeer.Kind.CHANNEL,
                    in.getLong(), in.getLong()));
        }
    }

    /** A count the remaining bytes can hold, so that nothing is sized by an unchecked length. */
    private static int readCount(ByteBuffer in, int entrySize, String source) {
        int count = in.getInt();
        if (count < 0 || (long) count * entrySize > in.remaining()) {
            throw corrupt(source, "count " + count + " does not fit the " + in.remaining() + " bytes left");
        }
        return count;
    }

    private static boolean readFlag(ByteBuffer in, String source) {
        int value = in.get();
        if (value != 0 && value != 1) {
            throw corrupt(source, "bad boolean " + value);
        }
        return value == 1;
    }

    private static String readString(ByteBuffer in, String source) {
        byte[] utf8 = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw corrupt(source, "a string is not valid UTF-8");
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(checkCount(utf8.length));
        out.write(utf8);
    }

    private static int checkCount(int count) {
        if (count > 0xffff) {
            throw new IllegalArgumentException("too many entries for the session format: " + count);
        }
        return count;
    }

    private static SessionStoreException corrupt(String source, String problem) {
        return new SessionStoreException(SessionStoreException.Kind.CORRUPT, source + " is corrupt: " + problem, null);
    }

    /**
     * Returns the codec for the auth key pools of sessions stored with this codec: it seals keys
     * the same way.
     *
     * @return the pool codec
     */
    public KeyPoolCodec keyPoolCodec() {
        return encryption == null ? KeyPoolCodec.plain() : KeyPoolCodec.encrypting(encryption);
    }

    @Override
    public String toString() {
        return "SnapshotCodec[v" + FORMAT_VERSION + (encryption == null ? ", plain" : ", sealed auth keys") + "]";
    }
}
