package org.mobileworship.livecontrol.api.spi;

import org.mobileworship.livecontrol.api.LiveControl;

/**
 * How {@link LiveControl#builder()} finds the runtime (the SLF4J pattern): the runtime registers one
 * implementation in {@code META-INF/services}.
 */
public interface LiveControlBuilderFactory {
    LiveControl.Builder newBuilder();
}
