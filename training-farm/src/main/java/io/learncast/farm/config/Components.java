package io.learncast.farm.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads and rebuilds the config records' components by name. A knob is a named component of one of
 * {@link RunConfig}'s parts, so reading it, changing it and building a part from knob values are written
 * once here instead of once per knob (no per-field {@code with…} methods).
 */
public final class Components {
    private Components() {}

    private record Shape(Map<String, Method> accessors, String[] names, Class<?>[] types, Constructor<?> canonical) {}

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, t -> {
            RecordComponent[] rc = t.getRecordComponents();
            if (rc == null) throw new IllegalArgumentException(t.getName() + " is not a record");
            Map<String, Method> acc = new LinkedHashMap<>();
            String[] names = new String[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                names[i] = rc[i].getName();
                types[i] = rc[i].getType();
                acc.put(names[i], rc[i].getAccessor());
            }
            try {
                return new Shape(acc, names, types, t.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor on " + t.getName(), e);
            }
        });
    }

    /** The components' names in declaration order. */
    public static String[] names(Class<? extends Record> type) { return shape(type).names().clone(); }

    /** One component's value. */
    public static Object get(Record r, String name) {
        Method m = shape(r.getClass()).accessors().get(name);
        if (m == null) throw new IllegalArgumentException(r.getClass().getSimpleName() + " has no component " + name);
        try {
            return m.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /** A record of {@code type} whose components are {@code value.apply(name)}; the constructor's checks run as usual. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R build(Class<R> type, Function<String, Object> value) {
        Shape s = shape(type);
        Object[] args = new Object[s.names().length];
        for (int i = 0; i < args.length; i++) {
            args[i] = value.apply(s.names()[i]);
            if (args[i] == null && s.types()[i].isPrimitive()) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + s.names()[i] + " has no value");
            }
        }
        try {
            return (R) s.canonical().newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /** {@code r} with one component changed. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R r, String name, Object value) {
        if (!shape(r.getClass()).accessors().containsKey(name)) {
            throw new IllegalArgumentException(r.getClass().getSimpleName() + " has no component " + name);
        }
        return build((Class<R>) r.getClass(), n -> n.equals(name) ? value : get(r, n));
    }
}
