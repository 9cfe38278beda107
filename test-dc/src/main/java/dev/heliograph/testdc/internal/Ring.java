package dev.heliograph.testdc.internal;

/**
 * The newest {@code max} elements of a sequence, oldest first: a growable array used as a ring
 * once full, so that an idle account holds no array at all and a busy one no more than
 * {@code max} slots. Not thread-safe.
 *
 * @param <T> the element type
 */
final class Ring<T> {

    private final int max;
    private Object[] slots = new Object[0];
    private int head;
    private int size;

    Ring(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        this.max = max;
    }

    /**
     * Appends an element.
     *
     * @return the element that fell out (the oldest, once full), or null
     */
    @SuppressWarnings("unchecked")
    T add(T e) {
        if (size == slots.length && slots.length < max) {
            Object[] grown = new Object[Math.min(max, Math.max(8, slots.length * 2))];
            for (int i = 0; i < size; i++) {
                grown[i] = slots[(head + i) % slots.length];
            }
            slots = grown;
            head = 0;
        }
        if (size < slots.length) {
            slots[(head + size++) % slots.length] = e;
            return null;
        }
        T old = (T) slots[head];
        slots[head] = e;
        head = (head + 1) % slots.length;
        return old;
    }

    @SuppressWarnings("unchecked")
    T get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return (T) slots[(head + i) % slots.length];
    }

    void set(int i, T e) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        slots[(head + i) % slots.length] = e;
    }

    int size() {
        return size;
    }
}
