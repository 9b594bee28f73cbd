package dev.rocky.core.spec;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list over an array that nothing else holds: what {@link Definitions.Builder#build}
 * makes of the assets it collected, so that a graph of 100,000 assets is not copied element by
 * element once more ({@link java.util.List#copyOf} checks each element for {@code null} in a loop
 * that a fresh process runs in the interpreter: a few milliseconds at 100,000 assets), and the
 * keys of each of its groups ({@link Definitions#groups()}). {@link Definitions} and
 * {@link dev.rocky.core.orchestration.ExecutableUnit} keep a list of this class as it is and copy
 * any other. Public so that records of other packages can tell one; only this package makes one.
 *
 * @param <E> the element type; no element is {@code null} (the builder only adds specs, the key
 *     index only keys)
 */
public final class FrozenList<E> extends AbstractList<E> implements RandomAccess {

    private final Object[] elements;

    /** @param elements the elements, in order; taken, not copied, so the caller must drop its reference */
    FrozenList(Object[] elements) {
        this.elements = elements;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }

    /** @return a copy of the elements, in order, as an {@code Object[]} (one array copy, not a walk) */
    @Override
    public Object[] toArray() {
        return java.util.Arrays.copyOf(elements, elements.length, Object[].class);
    }
}
