package dev.heliograph.testdc;

/**
 * One packet of updates a test DC pushed, recorded so that tests can tell which connection got an
 * account's updates (the last active one of each authorization, MTPROTO-NOTES 12.1).
 *
 * @param dcId the DC that pushed
 * @param authKeyId the authorization (permanent key) the updates were for
 * @param sessionId the client session they went to
 * @param connectionId the connection they went on (numbered by the DC, unique in its JVM)
 * @param remoteHost the client's address, or null if the transport does not tell
 * @param updates how many updates the packet carried
 * @param atMillis when, in epoch milliseconds
 */
public record Push(int dcId, long authKeyId, long sessionId, long connectionId, String remoteHost, int updates,
        long atMillis) {
}
