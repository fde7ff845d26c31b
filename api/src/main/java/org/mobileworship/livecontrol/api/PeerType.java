package org.mobileworship.livecontrol.api;

import java.util.Objects;

/**
 * What a device does in the room. Controllers send cues; displays apply them. {@link Other} stands for a
 * type this version does not know (announced by a newer peer): it takes part in election at the lowest
 * rank and never sends or receives cues.
 */
public sealed interface PeerType permits PeerType.Controller, PeerType.Display, PeerType.Other {

    /** The seed's wire name: {@code controller}, {@code display}, or the unknown name as received. */
    String wireName();

    /** Election rank (seed: controller &gt; display &gt; other). Higher wins. */
    int electionRank();

    static PeerType controller() {
        return Controller.INSTANCE;
    }

    static PeerType display(DisplayClass displayClass) {
        return new Display(displayClass);
    }

    default boolean isController() {
        return this instanceof Controller;
    }

    default boolean isDisplay() {
        return this instanceof Display;
    }

    /**
     * Parses the seed's {@code peerType} / {@code displayClass} pair. An unknown type becomes {@link Other};
     * a display without a known class is an {@link DisplayClass#AUDIENCE} display (the seed's default screen).
     */
    static PeerType fromWire(String peerType, String displayClass) {
        if ("controller".equals(peerType)) {
            return controller();
        }
        if ("display".equals(peerType)) {
            return display(DisplayClass.fromWireName(displayClass).orElse(DisplayClass.AUDIENCE));
        }
        return new Other(peerType == null || peerType.isBlank() ? "unknown" : peerType);
    }

    /** An operator device. */
    final class Controller implements PeerType {
        static final Controller INSTANCE = new Controller();

        private Controller() {
        }

        @Override
        public String wireName() {
            return "controller";
        }

        @Override
        public int electionRank() {
            return 2;
        }

        @Override
        public String toString() {
            return "controller";
        }
    }

    /** A display host of the given class. */
    record Display(DisplayClass displayClass) implements PeerType {
        public Display {
            Objects.requireNonNull(displayClass, "displayClass");
        }

        @Override
        public String wireName() {
            return "display";
        }

        @Override
        public int electionRank() {
            return 1;
        }

        @Override
        public String toString() {
            return "display(" + displayClass.wireName() + ")";
        }
    }

    /** A peer type from a newer version; see the interface comment. */
    record Other(String name) implements PeerType {
        public Other {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String wireName() {
            return name;
        }

        @Override
        public int electionRank() {
            return 0;
        }
    }
}
