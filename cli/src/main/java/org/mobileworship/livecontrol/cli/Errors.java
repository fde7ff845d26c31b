package org.mobileworship.livecontrol.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.mobileworship.livecontrol.api.ErrorKind;
import org.mobileworship.livecontrol.api.LiveControlException;

/** Turns the failures a person meets into one line and the fix, by the failure's {@link ErrorKind}. */
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
        return switch (kindOf(c)) {
            case ADDRESS_IN_USE -> new Explained(msg,
                    "stop the other process using that port, or pick another with --port");
            case NATIVE_LIBRARY -> new Explained("a native library cannot load: " + msg,
                    "run `sudo apt-get install libpulse0` (webrtc-java's library links against it), or check the "
                            + "webrtc-java classifier for this OS/arch; the relay transport works meanwhile");
            case CONFIGURATION -> new Explained(msg,
                    "correct the value in --config FILE, -D options or LIVECONTROL_* variables");
            case NO_NETWORK_INTERFACE -> new Explained(msg,
                    "pass --interface with an IPv4 address of this machine (see `ip -4 addr`)");
            case NO_LEADER -> new Explained(msg, "start a controller or display on this network, check that "
                    + "multicast (UDP 5353) is not blocked, and that --interface is the network the others are on");
            case MISSING_PLUGIN -> new Explained(msg, "rebuild the distribution: ./livecontrol --rebuild");
            default -> new Explained(msg, "see the log file for details ("
                    + System.getProperty("livecontrol.log.file", "livecontrol.log") + ")");
        };
    }

    /**
     * The kind of the root-most classified failure in the cause chain (a wrapper such as "cannot start the node"
     * keeps the kind of what actually failed); a native library that does not link is {@code NATIVE_LIBRARY}.
     */
    static ErrorKind kindOf(Throwable t) {
        ErrorKind kind = ErrorKind.UNSPECIFIED;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause() == c ? null : c.getCause(), depth++) {
            if (c instanceof UnsatisfiedLinkError) {
                return ErrorKind.NATIVE_LIBRARY;
            }
            if (c instanceof LiveControlException e && e.kind() != ErrorKind.UNSPECIFIED) {
                kind = e.kind();
            }
        }
        return kind;
    }
}
