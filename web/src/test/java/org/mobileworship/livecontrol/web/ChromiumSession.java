package org.mobileworship.livecontrol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every Chromium test class shares: one headless Chromium per class (its prerequisites asserted, never
 * skipped), the pages a test opened, and the Java nodes it started, all closed after each test.
 */
abstract class ChromiumSession {
    static BrowserDriver browser;

    final List<String> pages = new ArrayList<>();
    final LoopbackNodes nodes;
    final String session;

    ChromiumSession(String sessionPrefix) {
        nodes = new LoopbackNodes(sessionPrefix);
        session = nodes.session;
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        assertThat(BrowserDriver.missingPrerequisite()).as("browser test prerequisites").isNull();
        browser = new BrowserDriver();
        System.err.println("browser tests: " + browser.version());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @AfterEach
    void closeAll() {
        for (String p : pages) {
            try {
                browser.closePage(p);
            } catch (RuntimeException e) {
                // the browser may be gone; the driver is closed after all tests
            }
        }
        nodes.close();
    }
}
