package org.jfrtriage.rules.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SiteRefTest {
    @Test
    void generatedNamesAreStableAcrossBuilds() {
        assertThat(new SiteRef("com.acme.Cache", "lambda$load$12", 40).stableMethod())
                .isEqualTo(new SiteRef("com.acme.Cache", "lambda$load$3", 44).stableMethod())
                .isEqualTo("com.acme.Cache.lambda$load$*");
        assertThat(new SiteRef("com.acme.Cache$$Lambda$57/0x0000000800c02a00", "apply", -1).stableMethod())
                .isEqualTo("com.acme.Cache$$Lambda*.apply");
        assertThat(new SiteRef("com.sun.proxy.$Proxy12", "call", -1).stableMethod()).isEqualTo("com.sun.proxy.$Proxy*.call");
        // as JDK 17 writes hidden classes into JFR
        assertThat(new SiteRef("demo.Svc$$Lambda$299+0x00007ff8381b8c00.154449611", "run", -1).stableMethod())
                .isEqualTo("demo.Svc$$Lambda*.run");
        assertThat(new SiteRef("com.acme.Svc$$SpringCGLIB$$0a1b", "run", -1).stableMethod())
                .isEqualTo("com.acme.Svc$$SpringCGLIB$$*.run");
        assertThat(new SiteRef("com.acme.PriceBook", "quote", 42).stableMethod()).isEqualTo("com.acme.PriceBook.quote");
    }
}
