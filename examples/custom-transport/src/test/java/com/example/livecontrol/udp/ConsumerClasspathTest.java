package com.example.livecontrol.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What livecontrol's artifacts put on a consumer's classpath, seen from the consumer. */
class ConsumerClasspathTest {

    private static String mavenVersion(String group, String artifact) throws IOException {
        String path = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = ConsumerClasspathTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path + " on the classpath").isNotNull();
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    @Test
    void guavaIsAtLeast32NotTheOneGuiceAsksFor() throws IOException {
        String version = mavenVersion("com.google.guava", "guava");
        int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        assertThat(major).as("Guava " + version).isGreaterThanOrEqualTo(32);
    }

    @Test
    void webrtcJavaBroughtTheNativeJarOfThisMachineWithoutAClassifierInThisPom() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = (os.contains("linux") ? "linux" : os.contains("mac") ? "macos" : "windows") + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ? "aarch64" : arch);
        String library = (platform.startsWith("windows") ? "" : "lib") + "webrtc-java-" + platform
                + (platform.startsWith("linux") ? ".so" : platform.startsWith("macos") ? ".dylib" : ".dll");
        assertThat(getClass().getClassLoader().getResource(library))
                .as("native library " + library + " from webrtc-java's OS/arch profile").isNotNull();
    }
}
