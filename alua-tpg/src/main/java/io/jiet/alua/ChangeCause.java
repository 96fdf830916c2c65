package io.jiet.alua;

/**
 * Why a target port group changed state. The cause decides the STATUS CODE reported by REPORT TARGET PORT GROUPS
 * and which I_T nexuses get the 2A/06 unit attention (SPC-4 "Asymmetric logical unit access": after an explicit
 * change every I_T nexus except the one the SET TARGET PORT GROUPS came through; after an implicit change all).
 */
public sealed interface ChangeCause {

    StatusCode statusCode();

    /**
     * Whether the I_T nexus named {@code nexus} (the integrator's own key, e.g. initiator port name plus target port
     * name) must get UNIT ATTENTION 2A/06 for this change.
     */
    boolean unitAttentionFor(String nexus);

    /** SET TARGET PORT GROUPS received on {@code requestingNexus}. */
    record SetTargetPortGroups(String requestingNexus) implements ChangeCause {
        @Override
        public StatusCode statusCode() {
            return StatusCode.ALTERED_BY_SET_TARGET_PORT_GROUPS;
        }

        @Override
        public boolean unitAttentionFor(String nexus) {
            return !requestingNexus.equals(nexus);
        }
    }

    /** The device server's own behaviour, e.g. every portal of the optimized group went down. */
    record Implicit(String reason) implements ChangeCause {
        @Override
        public StatusCode statusCode() {
            return StatusCode.ALTERED_BY_IMPLICIT_BEHAVIOR;
        }

        @Override
        public boolean unitAttentionFor(String nexus) {
            return true;
        }
    }

    /**
     * An administrator (jietadm). Hosts cannot tell it from implicit behaviour, so it reports status code 02h and
     * reaches every I_T nexus.
     */
    record Administrative(String detail) implements ChangeCause {
        @Override
        public StatusCode statusCode() {
            return StatusCode.ALTERED_BY_IMPLICIT_BEHAVIOR;
        }

        @Override
        public boolean unitAttentionFor(String nexus) {
            return true;
        }
    }
}
