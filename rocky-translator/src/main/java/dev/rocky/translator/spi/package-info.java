/**
 * The translator plugin SPI, version 2.0: the only package a translator plugin compiles against.
 * Implement {@link dev.rocky.translator.spi.RockyTranslator} (it sees rocky's objects as this
 * package's views and answers with JDK types), create it from a
 * {@link dev.rocky.translator.spi.RockyTranslatorFactory}, and list the factory in
 * {@code META-INF/services/dev.rocky.translator.spi.RockyTranslatorFactory}. Depend on
 * {@code dev.rocky:rocky-translator} in {@code provided} scope. The build checks this package's
 * API against the released baseline, so an incompatible change cannot ship unnoticed.
 */
package dev.rocky.translator.spi;
