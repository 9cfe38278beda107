package dev.heliograph.tl;

import dev.heliograph.tlgen.JavaGenerator;
import dev.heliograph.tlgen.TlParser;

import java.nio.file.Path;
import java.util.List;

/** Test support: the model of the project's own schemas, matching the classes the build generated. */
final class ProjectSchemas {

    private ProjectSchemas() {
    }

    static JavaGenerator mtproto() {
        return model("mtproto.tl", "dev.heliograph.tl.mtproto", "MtprotoSchema");
    }

    static JavaGenerator api() {
        return model("api.tl", "dev.heliograph.tl.api", "ApiSchema");
    }

    private static JavaGenerator model(String file, String basePackage, String schemaClass) {
        Path path = Path.of(System.getProperty("basedir", "."), "src", "main", "tl", file);
        return new JavaGenerator(TlParser.parse(file, GeneratedCode.read(path)), basePackage, schemaClass,
                List.of());
    }
}
