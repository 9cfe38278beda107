package dev.heliograph.tl;

import dev.heliograph.error.TlDecodeException;
import dev.heliograph.tlgen.TlCombinator;
import dev.heliograph.tlgen.TlParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generates code for a small schema using every supported feature, compiles it in-test and exercises it. */
class InlineSchemaTest {

    private static final String SCHEMA = """
            // LAYER 7
            int ? = Int;
            vector {t:Type} # [ t ] = Vector t;
            boolFalse#bc799737 = Bool;
            boolTrue#997275b5 = Bool;
            true#3fedd339 = True;

            pair#11111111 a:int b:long = Pair;
            item#22222222 flags:# pinned:flags.0?true live:flags.3?true video:flags.3?Pair x:flags.5?int y:flags.5?string flags2:# hi:flags2.31?true big:flags2.30?long = Item;
            item2#22222223 flags:# a:flags.1?true b:flags.1?true = Item;
            keys#33333333 static:int default:string class:Bool = Keys;
            nums#44444444 i128:int128 i256:int256 d:double raw:bytes texts:Vector<string> bools:Vector<Bool> nested:Vector<Vector<int>> longs:Vector<long> pairs:vector<pair> bare:%Pair = Nums;
            secretHolder#55555555 api_hash:string encrypted_data:bytes visible:string = SecretHolder;
            noId pin:int = NoId;
            ns.thing#66666666 p:Pair = ns.Thing;
            ---functions---
            invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;
            initConnection#c1cd5ea9 {X:Type} flags:# api_id:int proxy:flags.0?Pair query:!X = X;
            getPair#77777777 = Pair;
            ns.setFlag#88888888 on:Bool = Bool;
            getPairs#99999999 ids:Vector<int> = Vector<Pair>;
            getInts#aaaaaaa1 = Vector<int>;
            """;

    @TempDir
    static Path dir;

    private static GeneratedCode.Unit unit;
    private static ClassLoader loader;
    private static TlRegistry registry;

    @BeforeAll
    static void compile() throws Exception {
        unit = GeneratedCode.generate("inline.tl", SCHEMA, "inline", "InlineSchema");
        loader = GeneratedCode.compile(dir, List.of(unit));
        registry = GeneratedCode.registry(loader, unit);
    }

    private static Class<?> type(String simpleName) throws ClassNotFoundException {
        return loader.loadClass("inline." + simpleName);
    }

    private static Object make(String simpleName, Object... args) throws Throwable {
        Class<?> type = type(simpleName);
        RecordComponent[] components = type.getRecordComponents();
        Constructor<?> ctor = type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        try {
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object get(Object record, String accessor) throws ReflectiveOperationException {
        return record.getClass().getMethod(accessor).invoke(record);
    }

    private static int idOf(String simpleName) throws ReflectiveOperationException {
        return type(simpleName).getField("CONSTRUCTOR_ID").getInt(null);
    }

    @Test
    void everyCombinatorRoundTripsWithRandomValues() {
        RandomTlValues random = new RandomTlValues(unit.generator(), loader, new SplittableRandom(42));
        List<TlCombinator> all = new ArrayList<>(unit.generator().constructors());
        all.addAll(unit.generator().functions());
        for (TlCombinator c : all) {
            for (int i = 0; i < 200; i++) {
                RoundTrip.check(random.of(c), registry);
            }
        }
    }

    @Test
    void usesDeclaredIdsAndComputesMissingOnes() throws Exception {
        assertEquals(0x11111111, idOf("BasePair"));
        assertEquals(TlParser.computeId("noId pin:int = NoId"), idOf("BaseNoId"));
        assertEquals(0xda9b0d0d, idOf("functions.InvokeWithLayer"));
        assertEquals(7, type("InlineSchema").getField("LAYER").getInt(null));
    }

    @Test
    void placesNamespacesInSubpackages() throws Exception {
        assertTrue(type("ns.Thing").isInterface());
        assertEquals(type("ns.Thing"), type("ns.BaseThing").getInterfaces()[0]);
        assertEquals(0x88888888, idOf("functions.ns.SetFlag"));
    }

    @Test
    void abstractTypesAreSealedOverTheirConstructors() throws Exception {
        Class<?> item = type("Item");
        assertTrue(item.isSealed());
        assertEquals(List.of(type("BaseItem"), type("Item2")), Arrays.asList(item.getPermittedSubclasses()));
        assertTrue(TlObject.class.isAssignableFrom(item));
    }

    @Test
    void genericWrappersCarryTheQueryAndItsResult() throws Throwable {
        Object getPair = make("functions.GetPair");
        Object init = make("functions.InitConnection", 5, null, getPair);
        Object wrapped = make("functions.InvokeWithLayer", 7, init);
        RoundTrip.check((TlObject) wrapped, registry);

        TlWriter w = new TlWriter();
        TlObject pair = (TlObject) make("BasePair", 1, 2L);
        pair.serialize(w);
        Object result = ((TlMethod<?>) wrapped).readResult(new TlReader(w.toByteArray(), registry));
        assertEquals(pair, result);
        Method query = type("functions.InvokeWithLayer").getMethod("query");
        assertEquals(TlMethod.class, query.getReturnType());
    }

    @Test
    void genericBuildersInferTheResult() throws Throwable {
        Object builder = type("functions.InitConnection").getMethod("builder").invoke(null);
        builder.getClass().getMethod("apiId", int.class).invoke(builder, 9);
        builder.getClass().getMethod("query", TlMethod.class).invoke(builder, make("functions.GetPair"));
        Object built = builder.getClass().getMethod("build").invoke(builder);
        assertEquals(make("functions.InitConnection", 9, null, make("functions.GetPair")), built);
    }

    @Test
    void resultsOfBoolAndVectorFunctionsAreDecoded() throws Throwable {
        TlWriter w = new TlWriter();
        w.writeBool(true);
        TlMethod<?> setFlag = (TlMethod<?>) make("functions.ns.SetFlag", false);
        assertEquals(Boolean.TRUE, setFlag.readResult(new TlReader(w.toByteArray(), registry)));

        w.reset();
        w.writeIntVector(List.of(3, 4));
        TlMethod<?> getInts = (TlMethod<?>) make("functions.GetInts");
        assertEquals(List.of(3, 4), getInts.readResult(new TlReader(w.toByteArray(), registry)));
    }

    @Test
    void aValueFieldForcesTheTrueFlagSharingItsBit() throws Throwable {
        Object video = make("BasePair", 1, 1L);
        Object item = make("BaseItem", false, false, video, null, null, false, null);
        assertEquals(true, get(item, "live"));
        RoundTrip.check((TlObject) item, registry);
    }

    @Test
    void aTrueFlagWithoutTheValuesSharingItsBitIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> make("BaseItem", false, true, null, null, null, false, null));
        assertTrue(e.getMessage().contains("flags.3"), e.getMessage());
    }

    @Test
    void valuesSharingABitArePresentTogether() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> make("BaseItem", false, false, null, 5, null, false, null));
        assertTrue(e.getMessage().contains("x, y share flag flags.5"), e.getMessage());
    }

    @Test
    void trueFlagsSharingABitAgree() throws Throwable {
        Object item = make("Item2", false, true);
        assertEquals(true, get(item, "a"));
        RoundTrip.check((TlObject) item, registry);
    }

    @Test
    void writesTheSecondFlagsWordIncludingBit31() throws Throwable {
        Object item = make("BaseItem", true, false, null, null, null, true, 77L);
        byte[] wire = RoundTrip.encode((TlObject) item);
        TlReader r = new TlReader(wire, registry);
        assertEquals(0x22222222, r.readInt());
        assertEquals(1, r.readInt());
        assertEquals(0xc0000000, r.readInt());
        assertEquals(77L, r.readLong());
        r.requireEnd();
    }

    @Test
    void buildersSetOnlyWhatIsGiven() throws Throwable {
        Object builder = type("BaseItem").getMethod("builder").invoke(null);
        builder.getClass().getMethod("pinned", boolean.class).invoke(builder, true);
        builder.getClass().getMethod("big", Long.class).invoke(builder, 5L);
        assertEquals(make("BaseItem", true, false, null, null, null, false, 5L),
                builder.getClass().getMethod("build").invoke(builder));
    }

    @Test
    void keywordsGetATrailingUnderscore() throws Throwable {
        Object keys = make("BaseKeys", 1, "d", true);
        assertEquals(1, get(keys, "static_"));
        assertEquals("d", get(keys, "default_"));
        assertEquals(true, get(keys, "class_"));
        RoundTrip.check((TlObject) keys, registry);
    }

    @Test
    void requiredFieldsAreNotNullAndFixedSizesAreChecked() {
        Bytes b16 = Bytes.wrap(new byte[16]);
        Bytes b32 = Bytes.wrap(new byte[32]);
        NullPointerException missing = assertThrows(NullPointerException.class, () -> make("BaseNums", b16, b32, 0.0, null,
                List.of(), List.of(), List.of(), List.of(), List.of(), null));
        assertTrue(missing.getMessage().contains("raw"), missing.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make("BaseNums",
                Bytes.wrap(new byte[15]), b32, 0.0, Bytes.EMPTY, List.of(), List.of(), List.of(), List.of(), List.of(),
                make("BasePair", 1, 2L)));
        assertTrue(e.getMessage().contains("i128 must be 16 bytes"), e.getMessage());
    }

    @Test
    void listsAreCopiedDeeply() throws Throwable {
        List<Integer> inner = new ArrayList<>(List.of(1));
        List<List<Integer>> nested = new ArrayList<>(List.of(inner));
        Object nums = make("BaseNums", Bytes.wrap(new byte[16]), Bytes.wrap(new byte[32]), 1.5, Bytes.EMPTY,
                List.of("x"), List.of(true, false), nested, List.of(1L), List.of(make("BasePair", 1, 2L)),
                make("BasePair", 3, 4L));
        inner.add(2);
        nested.add(List.of());
        assertEquals(List.of(List.of(1)), get(nums, "nested"));
        RoundTrip.check((TlObject) nums, registry);
    }

    @Test
    void bareVectorsAndBareFieldsCarryNoConstructorIds() throws Throwable {
        Object nums = make("BaseNums", Bytes.wrap(new byte[16]), Bytes.wrap(new byte[32]), 0.0, Bytes.EMPTY,
                List.of(), List.of(), List.of(), List.of(), List.of(make("BasePair", 1, 2L)), make("BasePair", 3, 4L));
        byte[] wire = RoundTrip.encode((TlObject) nums);
        // id + 16 + 32 + 8 + bytes(4) + 4 empty boxed vectors (8 each) + bare vector (count + 12) + bare pair (12)
        assertEquals(4 + 16 + 32 + 8 + 4 + 32 + 4 + 12 + 12, wire.length);
        TlReader r = new TlReader(wire, 4 + 16 + 32 + 8 + 4 + 32, wire.length - (4 + 16 + 32 + 8 + 4 + 32), registry,
                TlLimits.DEFAULT);
        assertEquals(1, r.readInt());
        assertEquals(1, r.readInt());
        assertEquals(2L, r.readLong());
        assertEquals(3, r.readInt());
    }

    @Test
    void toStringRedactsSecrets() throws Throwable {
        String text = make("BaseSecretHolder", "hash-value", Bytes.of(new byte[] {1, 2}), "shown").toString();
        assertFalse(text.contains("hash-value"), text);
        assertTrue(text.contains("apiHash=<redacted>"), text);
        assertTrue(text.contains("encryptedData=<redacted>"), text);
        assertTrue(text.contains("visible=shown"), text);
    }

    @Test
    void aFieldOfTheWrongTypeIsADecodeError() throws Throwable {
        TlWriter w = new TlWriter();
        w.writeInt(0x66666666);
        ((TlObject) make("Item2", true, true)).serialize(w);
        TlDecodeException e = assertThrows(TlDecodeException.class, () -> RoundTrip.decode(w.toByteArray(), registry));
        assertEquals(4, e.offset());
        assertEquals(0x66666666, e.constructorId());
        assertTrue(e.getMessage().contains("expected Pair"), e.getMessage());
    }

    @Test
    void boolIsAJavaBoolean() throws Exception {
        assertEquals(boolean.class, type("BaseKeys").getMethod("class_").getReturnType());
        assertEquals(List.class, type("BaseNums").getMethod("bools").getReturnType());
        assertThrows(ClassNotFoundException.class, () -> type("BoolTrue"));
    }
}
