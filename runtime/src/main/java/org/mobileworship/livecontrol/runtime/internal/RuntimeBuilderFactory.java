package org.mobileworship.livecontrol.runtime.internal;

import org.mobileworship.livecontrol.api.LiveControl;
import org.mobileworship.livecontrol.api.spi.LiveControlBuilderFactory;
import org.mobileworship.livecontrol.runtime.LiveControlRuntime;

/** Lets {@link LiveControl#builder()} find this runtime. */
public final class RuntimeBuilderFactory implements LiveControlBuilderFactory {
    @Override
    public LiveControl.Builder newBuilder() {
        return LiveControlRuntime.builder();
    }
}
