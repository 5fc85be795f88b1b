package tripwire;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A class outside the allow-list whose deserialisation would be visible: stands in for a gadget. */
public final class Tripwire implements Serializable {
    public static volatile boolean sprung;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        sprung = true;
    }
}
