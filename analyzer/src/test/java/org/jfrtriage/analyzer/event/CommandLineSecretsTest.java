package org.jfrtriage.analyzer.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Secrets on command lines are hidden, everything else is left as it was. */
class CommandLineSecretsTest {

    @Test
    void systemPropertiesWithSecretNamesLoseTheirValues() {
        assertThat(CommandLineSecrets.redact("-Xmx2g -Ddb.password=hunter2 -Dapp.name=orders -DAPI_KEY=abc123"))
                .isEqualTo("-Xmx2g -Ddb.password=*** -Dapp.name=orders -DAPI_KEY=***");
    }

    @Test
    void agentOptionListsAndQueryStrings() {
        assertThat(CommandLineSecrets.redact("-javaagent:/opt/apm.jar=service=orders,token=s3cr3t,port=9000"))
                .isEqualTo("-javaagent:/opt/apm.jar=service=orders,token=***,port=9000");
        assertThat(CommandLineSecrets.redact("-Ddb.url=jdbc:pg://db/app?user=app&password=pw&ssl=true"))
                .isEqualTo("-Ddb.url=jdbc:pg://db/app?user=app&password=***&ssl=true");
    }

    @Test
    void flagsWhoseValueIsTheNextWord() {
        assertThat(CommandLineSecrets.redact("--port 8080 --api-key abc --client-secret xyz -password pw --verbose"))
                .isEqualTo("--port 8080 --api-key *** --client-secret *** -password *** --verbose");
        // a JVM option's next word is never its value: the main class stays
        assertThat(CommandLineSecrets.redact("-Dauth.debug com.acme.Main")).isEqualTo("-Dauth.debug com.acme.Main");
        // a secret flag followed by another flag hides nothing
        assertThat(CommandLineSecrets.redact("--token --verbose")).isEqualTo("--token --verbose");
    }

    @Test
    void urlPasswordsAndAuthorizationHeaders() {
        assertThat(CommandLineSecrets.redact("--upstream https://svc:topsecret@api.example.com/v1"))
                .isEqualTo("--upstream https://svc:***@api.example.com/v1");
        assertThat(CommandLineSecrets.redact("--header Authorization: Bearer eyJhbGciOi.x.y"))
                .isEqualTo("--header Authorization: Bearer ***");
    }

    @Test
    void namesOfHiddenValuesAreListed() {
        String redacted = CommandLineSecrets.redact("-Ddb.password=x -Dok=1 --api-key abc https://u:p@h/");
        assertThat(CommandLineSecrets.hiddenNames(redacted)).containsExactly("db.password", "api-key", "URL password");
        assertThat(CommandLineSecrets.hiddenNames(CommandLineSecrets.redact("-Xmx1g -Dapp=orders"))).isEmpty();
    }

    @Test
    void nothingToHideLeavesTheTextAsItWas() {
        String plain = "-XX:+UseG1GC -Xlog:gc*:file=gc.log -Dfile.encoding=UTF-8 -jar orders.jar --port 8080";
        assertThat(CommandLineSecrets.redact(plain)).isEqualTo(plain);
        assertThat(CommandLineSecrets.redact("")).isEmpty();
        assertThat(CommandLineSecrets.redact(null)).isNull();
    }

    @Test
    void jvmInfoNeverHoldsTheValue() {
        JvmInfo info = new JvmInfo("17.0.15", "Eclipse Adoptium", "-Ddb.password=hunter2", "--token abc", 1);
        assertThat(info.jvmArguments()).isEqualTo("-Ddb.password=***");
        assertThat(info.javaArguments()).isEqualTo("--token ***");
        assertThat(info.toString()).doesNotContain("hunter2").doesNotContain("abc");
    }
}
