package dev.heliograph.testdc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heliograph.tl.TlLimits;
import dev.heliograph.tl.TlMethod;
import dev.heliograph.tl.TlObject;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlRegistry;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.api.ApiSchema;
import dev.heliograph.tl.api.functions.InitConnection;
import dev.heliograph.tl.api.functions.InvokeWithLayer;
import java.util.List;

/** Request builders and answer readers for the server tests. */
final class Tl {

    private Tl() {
    }

    static byte[] bytes(TlObject o) {
        TlWriter w = new TlWriter();
        o.serialize(w);
        return w.toByteArray();
    }

    static <X> byte[] withLayer(int layer, TlMethod<X> query) {
        return bytes(new InvokeWithLayer<>(layer, new InitConnection<>(DcFixture.APP.apiId(), "Test Device", "Linux",
                "1.0", "en", "", "en", null, null, query)));
    }

    static byte[] ping(long id) {
        TlWriter w = new TlWriter();
        w.writeInt(Ids.PING);
        w.writeLong(id);
        return w.toByteArray();
    }

    static byte[] ack(List<Long> ids) {
        TlWriter w = new TlWriter();
        w.writeInt(Ids.MSGS_ACK);
        w.writeLongVector(ids);
        return w.toByteArray();
    }

    static RawClient.Msg only(List<RawClient.Msg> got, int id) {
        List<RawClient.Msg> m = got.stream().filter(x -> x.id() == id).toList();
        assertEquals(1, m.size(), () -> String.format("expected one #%08x among %s", id, ids(got)));
        return m.get(0);
    }

    static String ids(List<RawClient.Msg> got) {
        return got.stream().map(m -> String.format("#%08x", m.id())).toList().toString();
    }

    /** The result inside the single rpc_result of an answer, read with the given registry. */
    static TlObject result(List<RawClient.Msg> got, TlRegistry registry) {
        RawClient.Msg m = only(got, Ids.RPC_RESULT);
        TlReader r = new TlReader(m.body(), 12, m.body().length - 12, registry, TlLimits.DEFAULT);
        return r.readObject();
    }

    /** The rpc_error inside the single rpc_result of an answer, as "code MESSAGE". */
    static String error(List<RawClient.Msg> got) {
        RawClient.Msg m = only(got, Ids.RPC_RESULT);
        TlReader r = new TlReader(m.body(), KeyExchange.NO_OBJECTS);
        r.readInt();
        r.readLong();
        assertEquals(Ids.RPC_ERROR, r.readInt(), "expected an rpc_error");
        return r.readInt() + " " + r.readString();
    }

    static int resultId(List<RawClient.Msg> got) {
        return DcConnection.intAt(only(got, Ids.RPC_RESULT).body(), 12);
    }

    static TlRegistry api() {
        return ApiSchema.registry();
    }
}
