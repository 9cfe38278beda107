package dev.heliograph.tlgen;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates Java sources from TL schema files and adds them as a compile source root.
 *
 * <p>When the schemas, the settings and the generator itself are the same as at the last run (a
 * SHA-256 stamp beside the output records them), nothing is parsed or generated. Otherwise files whose
 * content did not change are left untouched (so incremental compilation stays cheap) and stale files
 * under the base package are deleted.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

    /** Schema files, merged in order (for example {@code mtproto.tl} then {@code api.tl}). */
    @Parameter(required = true)
    private List<File> schemas;

    /** Package of the generated code, for example {@code dev.heliograph.tl.api}. */
    @Parameter(required = true)
    private String basePackage;

    /** Simple name of the generated schema class, for example {@code ApiSchema}. */
    @Parameter(required = true)
    private String schemaClassName;

    /** Where sources are written; added as a compile source root. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/tl", required = true)
    private File outputDirectory;

    /**
     * Fields that {@code toString()} redacts: a parameter name ({@code api_hash}), a qualified
     * {@code constructor.param}, or a prefix ending in {@code *}. Defaults to
     * {@link JavaGenerator#DEFAULT_SECRET_FIELDS}.
     */
    @Parameter
    private List<String> secretFields;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Creates the mojo (Maven injects the parameters). */
    public GenerateMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<String> texts = new ArrayList<>();
        for (File file : schemas) {
            try {
                texts.add(Files.readString(file.toPath(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MojoExecutionException("cannot read TL schema " + file, e);
            }
        }
        Path root = outputDirectory.toPath();
        Path stamp = root.resolveSibling("tl-stamps").resolve(basePackage + ".sha256");
        String inputs = inputsDigest(texts);
        try {
            if (inputs != null && Files.isDirectory(root.resolve(basePackage.replace('.', '/')))
                    && Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
                getLog().info("TL: " + basePackage + " is up to date");
                project.addCompileSourceRoot(outputDirectory.getPath());
                return;
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + stamp, e);
        }
        List<TlSchema> parsed = new ArrayList<>();
        for (int i = 0; i < schemas.size(); i++) {
            try {
                parsed.add(TlParser.parse(schemas.get(i).getPath(), texts.get(i)));
            } catch (TlSchemaException e) {
                throw new MojoFailureException(e.getMessage(), e);
            }
        }
        Map<String, String> files;
        try {
            TlSchema schema = TlSchema.merge(parsed);
            files = new JavaGenerator(schema, basePackage, schemaClassName,
                    secretFields == null ? JavaGenerator.DEFAULT_SECRET_FIELDS : secretFields).generate();
        } catch (TlSchemaException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        try {
            int written = write(root, basePackage, files);
            getLog().info("TL: " + files.size() + " sources for " + basePackage + " (" + written + " changed)");
            if (inputs != null) {
                Files.createDirectories(stamp.getParent());
                Files.writeString(stamp, inputs);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write generated sources to " + root, e);
        }
        project.addCompileSourceRoot(outputDirectory.getPath());
    }

    /**
     * Digests everything the output depends on: the schema texts, the settings and the generator's own
     * jar. Returns null when the generator runs from a class directory (a build of the generator
     * itself), whose changes a stamp could not see.
     */
    private String inputsDigest(List<String> texts) throws MojoExecutionException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path self = Path.of(GenerateMojo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(self)) {
                return null;
            }
            sha.update(Files.readAllBytes(self));
            for (String text : texts) {
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            String settings = basePackage + "\0" + schemaClassName + "\0" + outputDirectory + "\0"
                    + (secretFields == null ? "default" : String.join(",", secretFields));
            sha.update(settings.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | java.net.URISyntaxException | NoSuchAlgorithmException e) {
            throw new MojoExecutionException("cannot digest the generator's inputs", e);
        }
    }

    /**
     * Writes generated files, skipping unchanged ones, and deletes stale files of the package.
     *
     * @param root the output directory
     * @param basePackage the generated package, whose directory is owned by the generator
     * @param files relative path to content
     * @return how many files were written
     * @throws IOException if writing fails
     */
    static int write(Path root, String basePackage, Map<String, String> files) throws IOException {
        int written = 0;
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path path = root.resolve(e.getKey());
            byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(path) && java.util.Arrays.equals(Files.readAllBytes(path), content)) {
                continue;
            }
            Files.createDirectories(path.getParent());
            Files.write(path, content);
            written++;
        }
        Path own = root.resolve(basePackage.replace('.', '/'));
        Set<Path> keep = files.keySet().stream().map(root::resolve).collect(Collectors.toSet());
        List<Path> stale;
        try (Stream<Path> walk = Files.walk(own)) {
            stale = walk.filter(Files::isRegularFile).filter(p -> !keep.contains(p))
                    .sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : stale) {
            Files.delete(p);
        }
        return written;
    }
}
