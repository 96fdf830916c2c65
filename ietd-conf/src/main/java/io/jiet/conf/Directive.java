package io.jiet.conf;

/** What one ietd.conf keyword does to the parse. One entry per keyword in {@link IetdConfigParser}'s tables. */
@FunctionalInterface
interface Directive {
    void apply(Statement statement, ParseState state) throws ConfigException;
}
