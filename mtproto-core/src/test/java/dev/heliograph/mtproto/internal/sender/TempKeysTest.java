package dev.heliograph.mtproto.internal.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heliograph.crypto.AuthKey;
import dev.heliograph.crypto.RandomSource;
import dev.heliograph.crypto.impl.CryptoProviders;
import dev.heliograph.crypto.impl.MtprotoCrypto;
import dev.heliograph.error.ProtocolException;
import dev.heliograph.error.TempAuthKeyException;
import dev.heliograph.error.TlDecodeException;
import dev.heliograph.mtproto.DcAuthState;
import dev.heliograph.mtproto.internal.engine.MtpEngine;
import dev.heliograph.tl.TlReader;
import dev.heliograph.tl.TlWriter;
import dev.heliograph.tl.mtproto.MtprotoSchema;
import org.junit.jupiter.api.Test;

class TempKeysTest {

    private static final MtprotoCrypto CRYPTO = new MtprotoCrypto(CryptoProviders.defaultProvider());
    private static final int LIFETIME = 3600;

    private long now = 1_783_001_185_000L;
    private int rebinds;
    private final ManualTimers timers = new ManualTimers();
    private final DcAuthState permanent = key(0x1111);
    private final DcAuthState temporary = key(0x2222);
    private final TempKeys keys = new TempKeys(CRYPTO, RandomSource.secure(),
            k -> new MtpEngine(CRYPTO, RandomSource.secure(), k.authKey(), k.serverSalt(), k.timeOffsetMillis(),
                    MtprotoSchema.registry()),
            LIFETIME, () -> now, timers, () -> rebinds++);

    private static DcAuthState key(long salt) {
        return new DcAuthState(2, AuthKey.of(RandomSource.secure().bytes(256)), salt, 0);
    }

    private static TlReader bool(boolean value) {
        TlWriter w = new TlWriter(4);
        w.writeBool(value);
        return new TlReader(w.toByteArray(), MtprotoSchema.registry());
    }

    private MtpEngine engineUnder(DcAuthState k) {
        return new MtpEngine(CRYPTO, RandomSource.secure(), k.authKey(), k.serverSalt(), 0, MtprotoSchema.registry());
    }

    @Test
    void aSenderWithoutAKeyNeedsOneAndCallsGoOnWhileNoneIsBeingBound() {
        assertTrue(keys.due(false));
        assertFalse(keys.holdsCalls());
        assertNull(keys.bindingEngine());
    }

    @Test
    void bindingQueuesTheBindingOnAnEngineUnderTheTemporaryKeyAndHoldsCalls() {
        MtpEngine e = keys.bind(permanent, temporary);
        assertEquals(temporary.authKey().id(), e.authKeyId());
        assertTrue(e.hasQueued(), "auth.bindTempAuthKey waits for its msg_id");
        assertNotNull(e.pack(now));
        assertTrue(keys.holdsCalls());
        assertFalse(keys.due(false), "one binding at a time");
        assertSame(e, keys.engineFor(temporary.authKey().id(), permanent.authKey().id()));
        assertNull(keys.engineFor(permanent.authKey().id(), permanent.authKey().id()));
    }

    @Test
    void aBoundKeyCarriesCallsAndIsReplacedAtThreeQuartersOfItsLifetime() {
        MtpEngine old = engineUnder(key(0x3333));
        MtpEngine e = keys.bind(permanent, temporary);
        now += 500;
        assertSame(e, keys.bound(bool(true), old));
        assertFalse(keys.holdsCalls());
        assertEquals(LIFETIME * 750L - 500, timers.only().delayMillis);
        assertEquals(1, keys.draining().size(), "the old key stays until its calls are answered");
        assertSame(old, keys.engineFor(old.authKeyId(), permanent.authKey().id()));
        assertFalse(keys.due(true));
        now += LIFETIME * 750L;
        assertTrue(keys.due(true));
        timers.only().fire();
        assertEquals(1, rebinds);
    }

    @Test
    void aNewBindingReplacesTheReplacementTimer() {
        keys.bind(permanent, temporary);
        keys.bound(bool(true), null);
        keys.bind(permanent, key(0x4444));
        keys.bound(bool(true), engineUnder(temporary));
        assertTrue(timers.scheduled.get(0).cancelled);
        assertFalse(timers.scheduled.get(1).cancelled);
    }

    @Test
    void boolFalseIsAProtocolError() {
        keys.bind(permanent, temporary);
        assertThrows(ProtocolException.class, () -> keys.bound(bool(false), null));
        assertFalse(keys.binding());
        assertTrue(timers.scheduled.isEmpty());
    }

    @Test
    void anAnswerThatIsNotABoolIsADecodeError() {
        keys.bind(permanent, temporary);
        TlWriter w = new TlWriter(4);
        w.writeInt(0x12345678);
        assertThrows(TlDecodeException.class,
                () -> keys.bound(new TlReader(w.toByteArray(), MtprotoSchema.registry()), null));
    }

    @Test
    void aRefusedKeyHoldsCallsAndIsDueForReplacement() {
        keys.bind(permanent, temporary);
        keys.bound(bool(true), null);
        keys.unbound();
        assertTrue(keys.engineUnbound());
        assertTrue(keys.holdsCalls());
        assertTrue(keys.due(true));
    }

    @Test
    void aBindingTheDcCouldNotCheckProbesThePermanentKey() {
        keys.bind(permanent, temporary);
        TempAuthKeyException invalid = new TempAuthKeyException(400, "ENCRYPTED_MESSAGE_INVALID");
        assertTrue(keys.bindFailed(invalid, permanent));
        MtpEngine probe = keys.probe();
        assertEquals(permanent.authKey().id(), probe.authKeyId());
        assertTrue(probe.hasQueued(), "a ping under the permanent key");
        assertSame(probe, keys.engineFor(permanent.authKey().id(), permanent.authKey().id()));
        assertSame(invalid, keys.probeAnswered(probe));
        assertNull(keys.probeAnswered(engineUnder(temporary)));
        assertTrue(keys.endProbe());
        assertFalse(keys.endProbe());
    }

    @Test
    void otherBindingFailuresAreFinal() {
        keys.bind(permanent, temporary);
        assertFalse(keys.bindFailed(new TempAuthKeyException(400, "TEMP_AUTH_KEY_EMPTY"), permanent));
        assertNull(keys.probe());
        assertFalse(keys.binding());
    }

    @Test
    void onlyASecondNotFoundForTheProbeMeansThePermanentKeyIsGone() {
        assertFalse(keys.permKeyNotFound());
        assertTrue(keys.permKeyNotFound());
    }

    @Test
    void aBindingResetsTheCountOfNotFoundProbes() {
        assertFalse(keys.permKeyNotFound());
        keys.bind(permanent, temporary);
        keys.bound(bool(true), null);
        assertFalse(keys.permKeyNotFound());
    }

    @Test
    void forgettingDropsEveryTemporaryKeyAndTheReplacementTimer() {
        keys.bind(permanent, temporary);
        keys.bound(bool(true), engineUnder(key(0x5555)));
        keys.unbound();
        keys.forget();
        assertTrue(keys.draining().isEmpty());
        assertFalse(keys.engineUnbound());
        assertTrue(timers.only().cancelled);
        assertTrue(keys.due(false));
        assertFalse(keys.due(true), "no replacement is due before a key is bound again");
    }
}
