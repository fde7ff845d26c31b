package org.mobileworship.livecontrol.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DedupWindowTest {
    @Test
    void recognisesDuplicatesAndStaysBounded() {
        DedupWindow w = new DedupWindow(100);
        assertThat(w.firstTime("a")).isTrue();
        assertThat(w.firstTime("a")).isFalse();
        for (int i = 0; i < 1000; i++) {
            w.firstTime("m" + i);
        }
        assertThat(w.size()).isEqualTo(100);
        assertThat(w.firstTime("m999")).as("recent ids are remembered").isFalse();
        assertThat(w.firstTime("a")).as("the oldest ids are forgotten first").isTrue();
    }
}
