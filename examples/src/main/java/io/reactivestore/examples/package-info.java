/**
 * Runnable example programs: the relay server, getting started, cluster node, cache tester. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.examples;

import org.jspecify.annotations.NullMarked;
