package dev.heliograph.tl;

import dev.heliograph.tlgen.JavaGenerator;
import dev.heliograph.tlgen.TlParser;

import java.nio.file.Path;
import java.util.List;

/** Test support: the model of the project's own schemas (mtproto-core's service types and layer 228), matching the classes the build generated. */
final class ProjectSchemas {

    private ProjectSchemas() {
    }

    static JavaGenerator mtproto() {
        return model(mtprotoFile(), "dev.heliograph.tl.mtproto", "MtprotoSchema");
    }

    static JavaGenerator api() {
        return model(apiFile(), "dev.heliograph.tl.api", "ApiSchema");
    }

    /** The schema mtproto-core generates its service types from. */
    static Path mtprotoFile() {
        return GeneratedCode.protocol("api.tl").getParent().resolveSibling("mtproto-core/src/main/tl/mtproto.tl");
    }

    /** Layer 228, which this module generates the API types from. */
    static Path apiFile() {
        return GeneratedCode.protocol("api.tl");
    }

    private static JavaGenerator model(Path path, String basePackage, String schemaClass) {
        return new JavaGenerator(TlParser.parse(path.getFileName().toString(), GeneratedCode.read(path)), basePackage,
                schemaClass, List.of());
    }
}
