package dev.heliograph.session;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an account stands in Telegram's update sequences: the common box ({@code pts}), the
 * secondary box ({@code qts}), the {@code Updates} sequence ({@code seq}, {@code date}) and one
 * {@code pts} per channel. A client that stored it resumes with {@code updates.getDifference}
 * from here after a restart, so no update is lost.
 *
 * <p>See <a href="https://core.telegram.org/api/updates">Working with Updates</a>.
 *
 * @param pts the common box's pts
 * @param qts the secondary box's qts
 * @param date the date of the last applied update sequence
 * @param seq the last applied {@code seq}
 * @param channelPts the pts of each channel the client follows, by channel id (unmodifiable)
 */
public record UpdateState(int pts, int qts, int date, int seq, Map<Long, Integer> channelPts) {

    /**
     * Copies the channel map.
     *
     * @throws NullPointerException if {@code channelPts} is null or holds a null
     */
    public UpdateState {
        channelPts = Collections.unmodifiableMap(new TreeMap<>(channelPts));
    }

    /**
     * Returns a state without channels.
     *
     * @param pts the common pts
     * @param qts the qts
     * @param date the date
     * @param seq the seq
     * @return the state
     */
    public static UpdateState of(int pts, int qts, int date, int seq) {
        return new UpdateState(pts, qts, date, seq, Map.of());
    }
}
