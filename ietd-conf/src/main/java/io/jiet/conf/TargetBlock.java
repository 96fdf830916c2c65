package io.jiet.conf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Target block being read: the lines from {@code Target NAME} up to the next Target or the end of the file. */
final class TargetBlock {
    final int tid;
    final String name;
    final int line;
    final Accounts accounts;
    final TargetParametersBuilder parameters = new TargetParametersBuilder(TargetParameters.IET_DEFAULTS);
    final Map<TargetParameter, Integer> parameterLines = new EnumMap<>(TargetParameter.class);
    final Map<Integer, LunDefinition> luns = new LinkedHashMap<>();
    final Map<Integer, TargetPortGroupDefinition> groups = new LinkedHashMap<>();
    String alias;
    int aliasLine;
    AluaMode alua = AluaMode.OFF;
    int aluaLine;
    SendTargetsShape sendTargets = SendTargetsShape.ALL_PORTALS;
    int sendTargetsLine;
    int transitionTime;
    int transitionTimeLine;

    TargetBlock(int tid, String name, int line) {
        this.tid = tid;
        this.name = name;
        this.line = line;
        this.accounts = new Accounts("target " + name);
    }

    /** Checks the rules that involve several lines, then freezes the block. */
    TargetDefinition finish(ParseState state) throws ConfigException {
        checkBurstLengths(state);
        warnAboutLunNumbering(state);
        PortalGroups portalGroups = MultipathRules.check(this, state);
        return new TargetDefinition(tid, name, Optional.ofNullable(alias), accounts.incoming(),
                accounts.outgoing(), parameters.build(), List.copyOf(luns.values()), line, portalGroups);
    }

    /** RFC 7143 §13.14: FirstBurstLength must not exceed MaxBurstLength. */
    private void checkBurstLengths(ParseState state) throws ConfigException {
        int first = parameters.firstBurstLength;
        int max = parameters.maxBurstLength;
        if (first <= max) {
            return;
        }
        Integer firstLine = parameterLines.get(TargetParameter.FIRST_BURST_LENGTH);
        if (firstLine != null) {
            throw state.error(firstLine, "FirstBurstLength " + first + " is larger than MaxBurstLength " + max
                    + " of target " + name + "; it must be at most " + max);
        }
        throw state.error(parameterLines.get(TargetParameter.MAX_BURST_LENGTH), "MaxBurstLength " + max
                + " is smaller than the default FirstBurstLength " + first + " of target " + name
                + "; set FirstBurstLength to at most " + max + " as well");
    }

    /** Hosts scan from LUN 0 and some (RDAC) stop at the first gap, see seed deployment 3. */
    private void warnAboutLunNumbering(ParseState state) {
        if (luns.isEmpty()) {
            state.warn(line, "target " + name + " has no Lun lines");
            return;
        }
        if (!luns.containsKey(0)) {
            state.warn(line, "target " + name + " has no Lun 0; initiators expect LUN numbering to start at 0");
        }
        List<Integer> missing = new ArrayList<>();
        int highest = luns.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int lun = 1; lun < highest && missing.size() < 8; lun++) {
            if (!luns.containsKey(lun)) {
                missing.add(lun);
            }
        }
        if (!missing.isEmpty()) {
            state.warn(line, "target " + name + " skips Lun " + missing
                    + "; some hosts (RDAC) only scan contiguous LUN numbers");
        }
    }
}
