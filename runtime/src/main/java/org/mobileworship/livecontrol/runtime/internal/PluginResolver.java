package org.mobileworship.livecontrol.runtime.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.mobileworship.livecontrol.api.ConfigurationException;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;
import org.mobileworship.livecontrol.api.spi.Config;
import org.mobileworship.livecontrol.api.spi.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses plugins among those found by {@link ServiceLoader} (or given explicitly), following the rules in docs/architecture.md §3:
 * single-choice SPIs need exactly one, selected by name when several are present; transports take every
 * available one, best first. Order never depends on the classpath: priority, then class name.
 */
public final class PluginResolver {
    private static final Logger LOG = LoggerFactory.getLogger(PluginResolver.class);

    /** Preference order: higher priority first, then class name for a stable tie-break. */
    static final Comparator<Provider> PREFERENCE = Comparator.comparingInt(Provider::priority).reversed()
            .thenComparing(p -> p.getClass().getName());

    /** Providers of one SPI that loaded, and the ones that failed to instantiate (with why). */
    public record Found<P extends Provider>(List<P> loaded, List<String> failures) {
    }

    private PluginResolver() {
    }

    /** Loads every provider of {@code spi}; a provider whose constructor throws is recorded, not fatal. */
    public static <P extends Provider> Found<P> load(Class<P> spi, ClassLoader loader) {
        List<P> loaded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ServiceLoader<P> serviceLoader = ServiceLoader.load(spi, loader);
        serviceLoader.stream().forEach(handle -> {
            String type = safeTypeName(handle);
            try {
                loaded.add(handle.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failures.add(type + " (" + cause + ")");
                LOG.warn("{} {} failed to load and is skipped: {}", spi.getSimpleName(), type, cause.toString());
            }
        });
        return new Found<>(loaded, failures);
    }

    private static String safeTypeName(ServiceLoader.Provider<?> handle) {
        try {
            return handle.type().getName();
        } catch (ServiceConfigurationError | LinkageError e) {
            return "<unloadable class: " + e.getMessage() + ">";
        }
    }

    /**
     * Picks the one provider of a single-choice SPI.
     *
     * @param spiLabel  e.g. "discovery" (used in messages and as the config key suffix)
     * @param configKey e.g. {@code livecontrol.discovery}
     * @param artifact  the artifact that provides the default implementation
     */
    public static <P extends Provider> P selectOne(Class<P> spi, String spiLabel, String configKey, String artifact,
                                                   Found<P> found, Config config) {
        Optional<String> wanted = config.get(configKey).map(String::trim).filter(s -> !s.isEmpty());
        List<P> all = new ArrayList<>(found.loaded());
        all.sort(PREFERENCE);
        if (wanted.isPresent()) {
            String name = wanted.get();
            for (P p : all) {
                if (p.name().equals(name)) {
                    p.unavailabilityCause().ifPresent(cause -> {
                        throw new LiveControlException(ErrorKind.MISSING_PLUGIN, spi.getSimpleName() + " '" + name + "' selected by "
                                + configKey + " is unavailable: " + cause.getMessage(), cause);
                    });
                    return p;
                }
            }
            String known = all.isEmpty() ? "none" : all.stream().map(Provider::name).collect(Collectors.joining(", "));
            String failed = found.failures().isEmpty() ? "" : "; failed to load: " + String.join(", ", found.failures());
            throw new LiveControlException(ErrorKind.CONFIGURATION, "Unknown " + spiLabel + " provider '" + name + "' set by " + configKey
                    + "; known: " + known + failed);
        }
        List<P> available = all.stream().filter(Provider::isAvailable).collect(Collectors.toList());
        for (P p : all) {
            p.unavailabilityCause().ifPresent(cause -> LOG.warn("{} '{}' ({}) is unavailable and skipped: {}",
                    spi.getSimpleName(), p.name(), p.getClass().getName(), cause.getMessage()));
        }
        if (available.isEmpty()) {
            StringBuilder msg = new StringBuilder("No " + spi.getSimpleName() + " on the classpath: add " + artifact);
            if (!all.isEmpty()) {
                msg.append(" (unavailable: ").append(all.stream()
                        .map(p -> p.name() + ": " + p.unavailabilityCause().map(Throwable::getMessage).orElse("?"))
                        .collect(Collectors.joining("; "))).append(')');
            }
            if (!found.failures().isEmpty()) {
                msg.append(" (failed to load: ").append(String.join(", ", found.failures())).append(')');
            }
            throw new LiveControlException(ErrorKind.MISSING_PLUGIN, msg.toString());
        }
        P chosen = available.get(0);
        if (available.size() > 1) {
            LOG.warn("Several {}s found: {}; using '{}'. Set {} to choose.", spi.getSimpleName(),
                    available.stream().map(p -> "'" + p.name() + "' (priority " + p.priority() + ", "
                            + p.getClass().getName() + ")").collect(Collectors.joining(", ")),
                    chosen.name(), configKey);
        }
        return chosen;
    }

    /**
     * Every usable transport, best first. {@code allowList} (comma-separated names, empty = all) narrows the
     * set; a listed name that is unknown is an error.
     */
    public static <P extends Provider> List<P> selectAll(Class<P> spi, String allowKey, String artifactHint,
                                                        Found<P> found, Config config) {
        Set<String> allow = new LinkedHashSet<>();
        config.get(allowKey).ifPresent(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(allow::add));
        List<P> all = new ArrayList<>(found.loaded());
        all.sort(PREFERENCE);
        Set<String> known = all.stream().map(Provider::name).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String name : allow) {
            if (!known.contains(name)) {
                throw new LiveControlException(ErrorKind.CONFIGURATION, "Unknown transport '" + name + "' in " + allowKey + "; known: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)));
            }
        }
        List<P> usable = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (P p : all) {
            if (!allow.isEmpty() && !allow.contains(p.name())) {
                continue;
            }
            Optional<Throwable> cause = p.unavailabilityCause();
            if (cause.isPresent()) {
                unavailable.add(p.name() + ": " + cause.get().getMessage());
                LOG.warn("{} '{}' is unavailable, the next transport serves instead: {}", spi.getSimpleName(),
                        p.name(), cause.get().getMessage());
            } else {
                usable.add(p);
            }
        }
        if (usable.isEmpty() && !allow.isEmpty()) {
            // the jars are there: the user narrowed the set, so say that rather than "add the artifacts"
            List<String> others = known.stream().filter(n -> !allow.contains(n)).toList();
            throw new LiveControlException(ErrorKind.MISSING_PLUGIN, "No " + spi.getSimpleName() + " available among those " + allowKey
                    + " selects (" + String.join(", ", allow) + "): " + String.join("; ", unavailable)
                    + (others.isEmpty() ? "" : "; also on the classpath but not selected: " + String.join(", ", others)
                    + " (add them to " + allowKey + " or remove the key)"));
        }
        if (usable.isEmpty()) {
            StringBuilder msg = new StringBuilder("No " + spi.getSimpleName() + " available: add " + artifactHint);
            if (!unavailable.isEmpty()) {
                msg.append(" (unavailable: ").append(String.join("; ", unavailable)).append(')');
            }
            if (!found.failures().isEmpty()) {
                msg.append(" (failed to load: ").append(String.join(", ", found.failures())).append(')');
            }
            throw new LiveControlException(ErrorKind.MISSING_PLUGIN, msg.toString());
        }
        return List.copyOf(usable);
    }

    /**
     * The explicitly given transports that can work here, in the given order: an unavailable one is skipped with
     * a warning naming its cause, as on the classpath; none usable is an error listing each cause.
     */
    public static <P extends Provider> List<P> usableExplicit(Class<P> spi, List<P> given) {
        if (given.isEmpty()) {
            throw new LiveControlException("transports(...) was given an empty list: pass at least one "
                    + spi.getSimpleName());
        }
        List<P> usable = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (P p : given) {
            Optional<Throwable> cause = p.unavailabilityCause();
            if (cause.isPresent()) {
                unavailable.add(p.name() + ": " + cause.get().getMessage());
                LOG.warn("{} '{}' given to the builder is unavailable, the next one serves instead: {}",
                        spi.getSimpleName(), p.name(), cause.get().getMessage());
            } else {
                usable.add(p);
            }
        }
        if (usable.isEmpty()) {
            throw new LiveControlException(ErrorKind.MISSING_PLUGIN, "No " + spi.getSimpleName() + " given to the builder is available ("
                    + String.join("; ", unavailable) + ")");
        }
        return List.copyOf(usable);
    }

    /** An explicitly given single-choice provider, refused with its cause when it cannot work here. */
    public static <P extends Provider> P checkExplicit(Class<P> spi, P given) {
        given.unavailabilityCause().ifPresent(cause -> {
            throw new LiveControlException(ErrorKind.MISSING_PLUGIN, spi.getSimpleName() + " '" + given.name()
                    + "' given to the builder is unavailable: " + cause.getMessage(), cause);
        });
        return given;
    }

    /**
     * Lets each provider check its own configuration keys now, so a bad value fails {@code build()} naming the
     * plugin, the key and the reason (and not the later {@code start()}).
     */
    public static void validate(Config config, List<? extends Provider> providers) {
        for (Provider p : providers) {
            try {
                p.validate(config);
            } catch (Config.InvalidValueException e) {
                throw e.toConfigurationException(owner(p));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(owner(p), e);
            }
        }
    }

    private static String owner(Provider p) {
        return "plugin '" + p.name() + "' (" + p.getClass().getName() + ")";
    }
}
