package dev.heliograph.mtproto.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Reads published test vectors from the repository's {@code protocol/test-vectors.md} (the directory
 * named by the system property {@code heliograph.protocol}, which the build sets) at run time.
 */
public final class SharedVectors {

    private final String text;
    private final int sectionStart;

    private SharedVectors(String text, int sectionStart) {
        this.text = text;
        this.sectionStart = sectionStart;
    }

    /**
     * Opens one section of test-vectors.md.
     *
     * @param heading the section heading, such as {@code "## C."}
     * @return the section reader
     */
    public static SharedVectors section(String heading) {
        String dir = System.getProperty("heliograph.protocol");
        if (dir == null) {
            throw new IllegalStateException("system property heliograph.protocol is not set");
        }
        try {
            String text = Files.readString(Path.of(dir, "test-vectors.md"));
            int at = text.indexOf(heading);
            if (at < 0) {
                throw new IllegalStateException("no section " + heading);
            }
            return new SharedVectors(text, at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the hex inside the first pair of backticks after a marker.
     *
     * @param marker text that precedes the value in this section
     * @return the bytes
     */
    public byte[] inline(String marker) {
        int open = text.indexOf('`', find(marker) - 1);
        int close = text.indexOf('`', open + 1);
        return HexFormat.of().parseHex(text.substring(open + 1, close).strip());
    }

    /**
     * Returns the hex of the first fenced block after a marker.
     *
     * @param marker text that precedes the block in this section
     * @return the bytes
     */
    public byte[] block(String marker) {
        int at = find(marker);
        int open = text.indexOf("```", at);
        int start = text.indexOf('\n', open) + 1;
        int close = text.indexOf("```", start);
        return HexFormat.of().parseHex(text.substring(start, close).replaceAll("\\s", ""));
    }

    private int find(String marker) {
        int at = text.indexOf(marker, sectionStart);
        if (at < 0) {
            throw new IllegalStateException("marker not found: " + marker);
        }
        return at + marker.length();
    }
}
