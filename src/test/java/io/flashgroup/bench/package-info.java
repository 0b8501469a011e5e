/**
 * Benchmark endpoints of the dev and test runs only: the baselines that
 * {@code load-tests/bench.sh} measures the real paths against.
 */
@NullMarked
package io.flashgroup.bench;

import org.jspecify.annotations.NullMarked;
