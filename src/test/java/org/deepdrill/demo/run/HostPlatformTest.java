package org.deepdrill.demo.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPlatformTest {
    @ParameterizedTest
    @CsvSource({"Linux,amd64,linux-x86_64", "Linux,aarch64,linux-aarch64", "Mac OS X,aarch64,osx-aarch64",
            "Mac OS X,x86_64,osx-x86_64", "Windows 11,amd64,win-x86_64", "Windows 10,arm64,win-aarch64"})
    void namesPlatformsAsPyTorchBuildsDo(String os, String arch, String expected) {
        assertEquals(expected, HostPlatform.of(os, arch));
    }

    @ParameterizedTest
    @CsvSource({"linux-aarch64", "osx-x86_64", "win-aarch64"})
    void aPlatformWithoutABuildGetsAMessageThatNamesIt(String host) {
        String msg = NativeSupport.problem(host, List.of("linux-x86_64")).orElseThrow();
        assertTrue(msg.contains(host) && msg.contains("bundled: linux-x86_64") && msg.contains("quiz"), msg);
    }

    @ParameterizedTest
    @CsvSource({"linux-x86_64", "osx-aarch64", "win-x86_64"})
    void aMatchingBuildIsFine(String host) {
        assertFalse(NativeSupport.problem(host, List.of(host)).isPresent());
    }

    @org.junit.jupiter.api.Test
    void theClassPathHereCarriesThisMachinesBuild() {
        assertTrue(NativeSupport.bundled(getClass().getClassLoader()).contains(HostPlatform.current()));
        assertFalse(NativeSupport.problem().isPresent());
    }
}
