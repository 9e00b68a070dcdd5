package dev.nucleus.domain.launch;

/** How an option takes values on the command line and in a config document. */
public enum Arity {
    /** A switch: present or absent on the command line, a boolean in a config document. */
    FLAG,
    /** One value; given twice on the command line is an error. */
    VALUE,
    /** Repeatable; an array in a config document. */
    LIST
}
