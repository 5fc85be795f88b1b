package io.learncast.common;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;

/**
 * Reads the Java-serialised parts of stored models (Smile's trees, the judge's and the verdict's models) through an
 * allow-list. A store is input like any other: an H2 file can come from a colleague, a PostgreSQL store can be
 * written by anyone with its password. Unfiltered deserialisation would run whatever gadget chain the bytes name
 * the moment a forecast loads the registered model, so only the classes our models are made of may be created:
 * ours, Smile's, boxed numbers, strings and the JDK collections. Anything else is refused before it is instantiated.
 */
public final class TrustedObjects {
    private TrustedObjects() {}

    /**
     * The allow-list, in {@link ObjectInputFilter.Config#createFilter} syntax; the final {@code !*} rejects every
     * class not named before it. Arrays are checked by their element type (primitive arrays always pass). The
     * limits bound what a hostile stream can make the reader allocate or recurse into.
     */
    static final String PATTERN = String.join(";",
            "maxdepth=400", "maxrefs=50000000", "maxarray=200000000",
            "io.learncast.**", "smile.**",
            "java.lang.Object", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float", "java.lang.Short",
            "java.lang.Byte", "java.lang.Boolean", "java.lang.Character", "java.lang.String", "java.lang.Enum", "java.lang.Record",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.Map$Entry", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.BitSet", "java.util.Arrays$ArrayList",
            "java.util.Collections$*", "java.util.ImmutableCollections$*", "java.util.CollSer", "java.util.Optional",
            "java.math.BigInteger", "java.math.BigDecimal", "java.time.Ser",
            "!*");

    private static final ObjectInputFilter LIST = ObjectInputFilter.Config.createFilter(PATTERN);

    /**
     * The object serialised in {@code bytes}, which must be a {@code type}.
     *
     * @throws IOException when the bytes are not a serialised {@code type}, or name a class outside the allow-list
     *                     (the message says which)
     */
    public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
        String[] refused = new String[1];
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status s = LIST.checkInput(info);
                if (s == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                    Class<?> c = info.serialClass();
                    while (c != null && c.isArray()) c = c.getComponentType();
                    refused[0] = c != null ? c.getName() : "a stream past the limits (depth " + info.depth() + ", " + info.references() + " objects)";
                }
                return s;
            });
            Object o = in.readObject();
            if (!type.isInstance(o)) throw new IOException("it holds a " + o.getClass().getName() + ", not a " + type.getSimpleName());
            return type.cast(o);
        } catch (InvalidClassException e) {
            throw new IOException("it names " + (refused[0] == null ? "a class" : refused[0]) + ", which a stored model may not contain; refused before it was created", e);
        } catch (ClassNotFoundException e) {
            throw new IOException("it needs a class this build lacks: " + e.getMessage(), e);
        }
    }
}
