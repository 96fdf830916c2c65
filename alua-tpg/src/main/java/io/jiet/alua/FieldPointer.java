package io.jiet.alua;

/**
 * Where in the parameter data (C/D = 0) an invalid field starts, for the sense-key specific FIELD POINTER of
 * SPC-4 §4.5.2.4.2: the byte offset and the most significant bit of the field.
 */
public record FieldPointer(int byteOffset, int bit) {
    public FieldPointer {
        if (byteOffset < 0 || byteOffset > 0xFFFF || bit < 0 || bit > 7) {
            throw new IllegalArgumentException("field pointer " + byteOffset + "/" + bit);
        }
    }
}
