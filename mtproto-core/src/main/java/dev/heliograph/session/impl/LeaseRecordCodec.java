package dev.heliograph.session.impl;

import dev.heliograph.error.SessionStoreException;
import dev.heliograph.session.LeaseRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The stored form of a {@link LeaseRecord}:
 *
 * <pre>
 * u32 magic "HGLS", u16 version (1), i64 last fencing token,
 * u8 held; [str holder], i64 expiry (epoch ms),
 * u16 count; count x host id (str),
 * u32 CRC32C of all of the above
 * str: u16 length, modified UTF-8 ({@link DataOutputStream#writeUTF})
 * </pre>
 * Bytes that do not read as a record decode to {@link LeaseRecord#damaged} rather than failing: a
 * lease is replaced by the next host that asks for it, and the damage is reported then. A newer
 * version fails with {@link SessionStoreException.Kind#UNSUPPORTED_VERSION}: its writer, a newer
 * host, may hold the lease.
 *
 * @since 0.3
 */
public final class LeaseRecordCodec {

    /** The format version this codec writes. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAGIC = 0x48474c53; // "HGLS"
    /** A sound record is far smaller: 32 host ids of at most 200 characters. */
    private static final int MAX_RECORD = 32 * 1024;

    private LeaseRecordCodec() {
    }

    /**
     * Encodes a record.
     *
     * @param record a sound record that exists
     * @return the bytes
     */
    public static byte[] encode(LeaseRecord record) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeLong(record.lastToken());
            out.writeByte(record.holder().isPresent() ? 1 : 0);
            if (record.holder().isPresent()) {
                out.writeUTF(record.holder().get());
            }
            out.writeLong(record.expiresAtMillis());
            out.writeShort(record.hosts().size());
            for (String host : record.hosts()) {
                out.writeUTF(host);
            }
            out.flush();
            out.writeInt(crc(buffer.toByteArray(), buffer.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * Decodes a record.
     *
     * @param data the bytes
     * @param source where they came from, for the damage report
     * @return the record, or {@link LeaseRecord#damaged} naming {@code source}
     * @throws SessionStoreException of kind {@code UNSUPPORTED_VERSION} for a newer format
     */
    public static LeaseRecord decode(byte[] data, String source) {
        if (data.length > MAX_RECORD) {
            return LeaseRecord.damaged(source + " is " + data.length + " bytes, too large for a lease");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            if (in.readInt() != MAGIC) {
                return LeaseRecord.damaged(source + " is not a Heliograph lease (bad magic)");
            }
            int version = in.readUnsignedShort();
            if (version > FORMAT_VERSION) {
                throw new SessionStoreException(SessionStoreException.Kind.UNSUPPORTED_VERSION, source
                        + " has lease format version " + version + "; this version of Heliograph reads up to "
                        + FORMAT_VERSION, null);
            }
            long lastToken = in.readLong();
            int held = in.readUnsignedByte();
            if (held > 1) {
                return LeaseRecord.damaged(source + " has a bad holder marker " + held);
            }
            String holder = held == 1 ? in.readUTF() : null;
            long expires = in.readLong();
            int count = in.readUnsignedShort();
            if (count > LeaseRecord.MAX_HOSTS) {
                return LeaseRecord.damaged(source + " lists " + count + " hosts");
            }
            List<String> hosts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                hosts.add(in.readUTF());
            }
            int length = data.length - in.available();
            if (in.readInt() != crc(data, length) || in.available() != 0) {
                return LeaseRecord.damaged(source + " fails its checksum");
            }
            return LeaseRecord.of(lastToken, holder, expires, hosts);
        } catch (EOFException e) {
            return LeaseRecord.damaged(source + " is truncated");
        } catch (IOException e) {
            return LeaseRecord.damaged(source + " is unreadable: " + e.getMessage());
        }
    }

    private static int crc(byte[] data, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }
}
