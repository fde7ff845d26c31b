package org.mobileworship.livecontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md names, per threat, the test that proves it is stopped: every named test class exists in
 * the named module and every named method exists in it, and every threat row names a test or says it is
 * not stopped.
 */
class SecurityDocTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** "`module` `Class` (`method`, `method`)" or "`module` `Class.method`" in the test column. */
    private static final Pattern REF = Pattern.compile("`([a-z-]+)` `([A-Z][A-Za-z]+)(?:\\.([a-z][A-Za-z]+))?`"
            + "(?: \\(([^)]*)\\))?");

    @Test
    void everyThreatNamesAnExistingTestOrSaysItIsNotStopped() throws IOException {
        List<String> rows = Files.readAllLines(ROOT.resolve("docs/security.md")).stream()
                .filter(l -> l.matches("\\| T\\d+ \\|.*")).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(10);
        List<String> checked = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            String testCell = cells[cells.length - 1].trim();
            if (testCell.equals("—")) {
                assertThat(row).as("a threat without a test must say it is not stopped")
                        .containsAnyOf("Not stopped", "Not applicable");
                continue;
            }
            Matcher m = REF.matcher(testCell);
            boolean any = false;
            while (m.find()) {
                any = true;
                Path source = find(ROOT.resolve(m.group(1)).resolve("src/test/java"), m.group(2) + ".java");
                String text = Files.readString(source);
                List<String> methods = new ArrayList<>();
                if (m.group(3) != null) {
                    methods.add(m.group(3));
                }
                if (m.group(4) != null) {
                    for (String name : m.group(4).split(",")) {
                        String n = name.trim().replace("`", "");
                        if (n.matches("[a-z][A-Za-z]+")) {
                            methods.add(n);
                        }
                    }
                }
                for (String method : methods) {
                    assertThat(text).as("%s in %s", method, source).containsPattern("void " + method + "\\(");
                }
                checked.add(m.group(2));
            }
            assertThat(any).as("row names a test in the form `module` `Class`: %s", row).isTrue();
        }
        assertThat(checked).contains("OriginPolicyTest", "RoleAuthorizationTest", "DeviceAuthenticationTest");
    }

    private static Path find(Path dir, String fileName) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals(fileName)).findFirst()
                    .orElseThrow(() -> new AssertionError(fileName + " not found under " + dir));
        }
    }
}
