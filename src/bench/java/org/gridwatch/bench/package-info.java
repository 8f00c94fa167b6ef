/**
 * Benchmarks, run by hand or from the README with
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.NameOfTheBenchmark}; never by
 * {@code mvn test}. Each prints the figures it measured.
 */
package org.gridwatch.bench;
