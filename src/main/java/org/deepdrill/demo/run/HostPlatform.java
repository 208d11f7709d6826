package org.deepdrill.demo.run;

import java.util.Locale;

/** The platform names PyTorch's native builds use, such as {@code linux-x86_64} or {@code osx-aarch64}. */
public final class HostPlatform {
    private HostPlatform() {
    }

    /** This JVM's platform. */
    public static String current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The platform for the JVM's {@code os.name} and {@code os.arch}. */
    public static String of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.startsWith("mac") || os.contains("darwin") ? "osx"
                : os.startsWith("windows") ? "win"
                : os.startsWith("linux") ? "linux"
                : os.replace(' ', '-');
        String arch = osArch.toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return system + "-" + cpu;
    }
}
