package dev.rocky.cli;

/** Runs the CLI's preload alone and waits for it: {@code PreloadTest} reads which thread loaded what. */
final class PreloadProbe {

    private PreloadProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        RockyComponentCli.configureProcess();
        RockyComponentCli.preload().join();
    }
}
