/**
 * The cache tester's workload. References are non-null unless documented otherwise.
 */
@NullMarked
package io.reactivestore.examples.cache;

import org.jspecify.annotations.NullMarked;
