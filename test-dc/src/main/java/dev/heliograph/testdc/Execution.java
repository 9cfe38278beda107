package dev.heliograph.testdc;

/**
 * One execution of an RPC by a test DC, recorded so that tests can prove that no request ran
 * twice.
 *
 * @param dcId the DC that ran it
 * @param authKeyId the auth key the request came with
 * @param sessionId the client's session
 * @param msgId the client's message id
 * @param method the TL name of the innermost method
 */
public record Execution(int dcId, long authKeyId, long sessionId, long msgId, String method) {
}
