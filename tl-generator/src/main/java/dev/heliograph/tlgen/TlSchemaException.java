package dev.heliograph.tlgen;

/**
 * A TL schema is malformed or inconsistent. The message starts with {@code file:line:column:} so
 * that build logs and IDEs can point at the offending declaration.
 */
public final class TlSchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;

    /**
     * Creates a schema error.
     *
     * @param file the schema file name
     * @param line 1-based line
     * @param column 1-based column
     * @param problem what is wrong
     */
    public TlSchemaException(String file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /**
     * Returns the schema file name.
     *
     * @return the file
     */
    public String file() {
        return file;
    }

    /**
     * Returns the 1-based line of the problem.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * Returns the 1-based column of the problem.
     *
     * @return the column
     */
    public int column() {
        return column;
    }
}
