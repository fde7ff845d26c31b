package org.mobileworship.livecontrol.runtime;

/**
 * Entry point of the runtime: {@code LiveControlRuntime.builder()} gives the full builder (Guice modules,
 * explicit plugins); {@link org.mobileworship.livecontrol.api.LiveControl#builder()} gives the same builder
 * through the API.
 */
public final class LiveControlRuntime {
    private LiveControlRuntime() {
    }

    public static RuntimeBuilder builder() {
        return new RuntimeBuilder();
    }
}
