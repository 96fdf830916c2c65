package io.jiet.conf.access;

/**
 * The outcome of an allow-file check and why, for the daemon's log line, e.g.
 * {@code /etc/iet/initiators.allow:4 (iqn.2026-11.io.jiet:array) does not list iqn.1993-08.org.debian:01:abc or 10.0.0.9}.
 *
 * @param allowed whether the login (or the portal in SendTargets) is allowed
 * @param reason  which file and line decided, or that there is no file
 */
public record AccessDecision(boolean allowed, String reason) {
}
