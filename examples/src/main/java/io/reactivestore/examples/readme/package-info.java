/**
 * The README's Java snippets as compiled programs: each snippet is the region between
 * {@code // tag::name[]} and {@code // end::name[]} of a file here (or of {@code GettingStarted}), and
 * {@code ReadmeSnippetsTest} checks that the README shows exactly those regions and runs the programs
 * that can run on their own (in memory, H2 in a temporary directory, relays on loopback port 0).
 */
@NullMarked
package io.reactivestore.examples.readme;

import org.jspecify.annotations.NullMarked;
