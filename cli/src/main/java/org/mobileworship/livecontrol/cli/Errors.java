package org.mobileworship.livecontrol.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns the failures a person meets into one line and the fix. */
final class Errors {
    private Errors() {
    }

    record Explained(String problem, String fix) {
    }

    static Explained explain(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        String msg = c.getMessage() == null ? c.toString() : c.getMessage();
        String lower = msg.toLowerCase();
        if (lower.contains("already in use")) {
            return new Explained(msg, "stop the other process using that port, or pick another with --port");
        }
        if (lower.contains("libpulse")) {
            return new Explained("the WebRTC native library cannot load: " + msg,
                    "run `sudo apt-get install libpulse0` (the relay transport works meanwhile)");
        }
        if (c instanceof UnsatisfiedLinkError) {
            return new Explained("a native library cannot load: " + msg,
                    "run `sudo apt-get install libpulse0`, or check the webrtc-java classifier for this OS/arch");
        }
        if (lower.contains("invalid value")) {
            return new Explained(msg, "correct the value in --config FILE, -D options or LIVECONTROL_* variables");
        }
        if (lower.contains("no network interface") || lower.contains("no usable network interface")) {
            return new Explained(msg, "pass --interface with an IPv4 address of this machine (see `ip -4 addr`)");
        }
        if (lower.contains("no leader")) {
            return new Explained(msg, "start a controller or display on this network, check that multicast "
                    + "(UDP 5353) is not blocked, and that --interface is the network the others are on");
        }
        if (lower.contains("on the classpath")) {
            return new Explained(msg, "rebuild the distribution: ./livecontrol --rebuild");
        }
        return new Explained(msg, "see the log file for details (" + System.getProperty("livecontrol.log.file",
                "livecontrol.log") + ")");
    }
}
