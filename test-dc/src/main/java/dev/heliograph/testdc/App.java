package dev.heliograph.testdc;

import java.util.Objects;

/**
 * An application registered with the test cluster, as on my.telegram.org: the {@code api_id} and
 * {@code api_hash} a client sends with {@code auth.importBotAuthorization}. {@link #toString()}
 * hides the hash.
 *
 * @param apiId the application id
 * @param apiHash the application hash (a secret)
 * @param published whether the id is marked as published, which makes logins fail with
 *     {@code API_ID_PUBLISHED_FLOOD}
 */
public record App(int apiId, String apiHash, boolean published) {

    /**
     * Validates the application.
     *
     * @throws IllegalArgumentException if the id is not positive or the hash is empty
     */
    public App {
        Objects.requireNonNull(apiHash, "apiHash is null");
        if (apiId <= 0 || apiHash.isEmpty()) {
            throw new IllegalArgumentException("an app needs a positive api_id and a non-empty api_hash");
        }
    }

    /**
     * Creates an application that is not published.
     *
     * @param apiId the application id
     * @param apiHash the application hash
     * @return the application
     */
    public static App of(int apiId, String apiHash) {
        return new App(apiId, apiHash, false);
    }

    @Override
    public String toString() {
        return "App[apiId=" + apiId + ", published=" + published + "]";
    }
}
