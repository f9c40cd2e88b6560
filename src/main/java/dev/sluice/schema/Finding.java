package dev.sluice.schema;

/**
 * A schema problem in Sluice's words, before it is given a file position.
 *
 * @param pointer RFC 6901 pointer of the offending value (or member)
 * @param atKey whether to point at the member's key rather than its value
 * @param message the sentence for the operator
 */
record Finding(String pointer, boolean atKey, String message) {

  static Finding value(String pointer, String message) {
    return new Finding(pointer, false, message);
  }

  static Finding key(String pointer, String message) {
    return new Finding(pointer, true, message);
  }
}
