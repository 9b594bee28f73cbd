/**
 * The translator plugin SPI: the only package a translator plugin compiles against (with the
 * rocky-core value types its signatures use). Implement {@link dev.rocky.translator.spi.RockyTranslator},
 * create it from a {@link dev.rocky.translator.spi.RockyTranslatorFactory}, and list the factory in
 * {@code META-INF/services/dev.rocky.translator.spi.RockyTranslatorFactory}. Depend on
 * {@code dev.rocky:rocky-translator} in {@code provided} scope.
 */
package dev.rocky.translator.spi;
