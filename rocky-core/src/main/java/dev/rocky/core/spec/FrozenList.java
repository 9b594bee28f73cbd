package dev.rocky.core.spec;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list over an array that nothing else holds: what {@link Definitions.Builder#build}
 * makes of the assets it collected, so that a graph of 100,000 assets is not copied element by
 * element once more ({@link java.util.List#copyOf} checks each element for {@code null} in a loop
 * that a fresh process runs in the interpreter: a few milliseconds at 100,000 assets). {@link Definitions}
 * keeps a list of this class as it is and copies any other.
 *
 * @param <E> the element type; no element is {@code null} (the builder only adds specs)
 */
final class FrozenList<E> extends AbstractList<E> implements RandomAccess {

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
}
