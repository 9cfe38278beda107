package dev.heliograph.client;

/**
 * A registered handler; {@link #remove()} stops its deliveries.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface HandlerRegistration {

    /** Removes the handler. Updates already being handled finish; idempotent. */
    void remove();
}
