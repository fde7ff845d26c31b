package org.mobileworship.livecontrol.transport.webrtc.internal;

import java.util.Locale;
import java.util.Optional;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks once whether webrtc-java's native library loads here (Netty's {@code Epoll.isAvailable()}
 * pattern). Never throws: every failure becomes a cause whose message carries the fix.
 */
public final class NativeProbe {
    private static final Logger LOG = LoggerFactory.getLogger(NativeProbe.class);
    static final String WEBRTC_JAVA = "dev.onvoid.webrtc:webrtc-java:0.14.0";

    private static volatile Optional<Throwable> cached;

    private NativeProbe() {
    }

    /** The cached result of {@link #probe()}; the first caller pays for it. */
    public static Optional<Throwable> unavailabilityCause() {
        Optional<Throwable> c = cached;
        if (c == null) {
            synchronized (NativeProbe.class) {
                c = cached;
                if (c == null) {
                    c = probe();
                    cached = c;
                }
            }
        }
        return c;
    }

    /** The classifier webrtc-java publishes for this OS/arch, or {@code null} when there is none. */
    static String classifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String family = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macos"
                : os.startsWith("windows") ? "windows" : null;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "x86-64", "amd64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "aarch32", "arm" -> "aarch32";
            default -> null;
        };
        return family == null || arch == null ? null : family + "-" + arch;
    }

    static Optional<Throwable> probe() {
        String osName = System.getProperty("os.name", "?");
        String osArch = System.getProperty("os.arch", "?");
        String where = osName + "/" + osArch;
        try {
            ClassLoader loader = NativeProbe.class.getClassLoader();
            try {
                Class.forName("dev.onvoid.webrtc.internal.NativeLoader", false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.of(new LiveControlException(ErrorKind.MISSING_PLUGIN,
                        "webrtc-java is not on the classpath: add " + WEBRTC_JAVA, e));
            }
            String classifier = classifier(osName, osArch);
            if (classifier == null) {
                return Optional.of(new LiveControlException(ErrorKind.NATIVE_LIBRARY,
                        "no webrtc-java native library exists for " + where
                        + ": use the websocket-fallback transport on this machine"));
            }
            String resource = System.mapLibraryName("webrtc-java-" + classifier);
            if (loader.getResource(resource) == null) {
                return Optional.of(new LiveControlException(ErrorKind.NATIVE_LIBRARY,
                        "no webrtc-java native library for " + where
                        + ": add " + WEBRTC_JAVA + ":" + classifier + " (resource " + resource + " not found)"));
            }
            try {
                dev.onvoid.webrtc.internal.NativeLoader.loadLibrary("webrtc-java");
            } catch (Throwable t) {
                return Optional.of(explain(t, where));
            }
            // Loading is not enough: the factory starts the native threads and the audio module; try both once.
            NativeFactory probe = NativeFactory.create();
            probe.dispose();
            return Optional.empty();
        } catch (Throwable t) {
            return Optional.of(explain(t, where));
        }
    }

    private static Throwable explain(Throwable t, String where) {
        String msg = String.valueOf(t.getMessage());
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).contains("libpulse")) {
                msg = c.getMessage();
                LOG.debug("webrtc-java native library needs libpulse", t);
                return new LiveControlException(ErrorKind.NATIVE_LIBRARY, "libpulse.so.0 missing: run `apt-get install libpulse0` "
                        + "(webrtc-java's native library links against it even when headless): " + msg, t);
            }
        }
        return new LiveControlException(ErrorKind.NATIVE_LIBRARY,
                "webrtc-java native library failed to load on " + where + ": " + msg, t);
    }
}
