package dev.heliograph.client.internal.updates;

import dev.heliograph.tl.Bytes;
import dev.heliograph.tl.api.BaseDialog;
import dev.heliograph.tl.api.BaseMessage;
import dev.heliograph.tl.api.BaseUser;
import dev.heliograph.tl.api.Channel;
import dev.heliograph.tl.api.Peer;
import dev.heliograph.tl.api.PeerUser;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test values of generated records with dozens of fields: every field absent (or zero) except
 * those named, and except the required ones, which get a minimal value.
 */
public final class Tl {

    private Tl() {
    }

    /**
     * Builds a record.
     *
     * @param type the generated record
     * @param values field values by component name
     * @param <T> its type
     * @return the value
     */
    public static <T> T record(Class<T> type, Map<String, Object> values) {
        return record(type, values, 0);
    }

    private static <T> T record(Class<T> type, Map<String, Object> given, int depth) {
        if (depth > 6) {
            throw new IllegalStateException("nesting too deep at " + type);
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Object> values = new HashMap<>(given);
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        for (int attempt = 0; attempt <= components.length; attempt++) {
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                args[i] = values.containsKey(name) ? values.get(name) : zero(types[i]);
            }
            try {
                Constructor<T> constructor = type.getDeclaredConstructor(types);
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof NullPointerException npe) || npe.getMessage() == null) {
                    throw new IllegalStateException(type + ": " + e.getCause(), e.getCause());
                }
                String field = npe.getMessage();
                int index = indexOf(components, field);
                if (index < 0 || values.containsKey(field)) {
                    throw new IllegalStateException(type + ": " + npe.getMessage(), npe);
                }
                values.put(field, required(types[index], depth));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("cannot build " + type);
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Object zero(Class<?> type) {
        if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == boolean.class) {
            return false;
        } else if (type == double.class) {
            return 0.0;
        }
        return null;
    }

    private static Object required(Class<?> type, int depth) {
        if (type == String.class) {
            return "";
        } else if (type == List.class) {
            return List.of();
        } else if (type == Bytes.class) {
            return Bytes.EMPTY;
        } else if (type.isRecord()) {
            return record(type, Map.of(), depth + 1);
        } else if (type.isSealed()) {
            Class<?> simplest = java.util.Arrays.stream(type.getPermittedSubclasses())
                    .filter(Class::isRecord)
                    .min(Comparator.comparingInt(c -> c.getRecordComponents().length))
                    .orElseThrow();
            return record(simplest, Map.of(), depth + 1);
        }
        throw new IllegalStateException("no minimal value for " + type);
    }

    /**
     * A message.
     *
     * @param id the message id
     * @param fromUser the sender
     * @param peer the chat it is in
     * @param text the text
     * @return the message
     */
    public static BaseMessage message(int id, long fromUser, Peer peer, String text) {
        return record(BaseMessage.class, Map.of("id", id, "fromId", new PeerUser(fromUser), "peerId", peer,
                "message", text, "date", 1_700_000_000));
    }

    /**
     * A full user.
     *
     * @param id the id
     * @param accessHash the access hash
     * @return the user
     */
    public static BaseUser user(long id, long accessHash) {
        return record(BaseUser.class, Map.of("id", id, "accessHash", accessHash, "firstName", "user" + id));
    }

    /**
     * A channel.
     *
     * @param id the id
     * @param accessHash the access hash
     * @return the channel
     */
    public static Channel channel(long id, long accessHash) {
        return record(Channel.class, Map.of("id", id, "accessHash", accessHash, "title", "channel" + id));
    }

    /**
     * A dialog with a pts.
     *
     * @param peer the peer
     * @param pts the pts
     * @return the dialog
     */
    public static BaseDialog dialog(Peer peer, Integer pts) {
        Map<String, Object> values = new HashMap<>();
        values.put("peer", peer);
        values.put("pts", pts);
        return record(BaseDialog.class, values);
    }
}
