package dev.sluice.router;

/**
 * One immutable trie node: the request segments consumed so far lead here. Null fields mean "none".
 */
final class Node<T> {
  /** Children for literal segments. */
  final LiteralTable<Node<T>> literals;

  /** The child for a {@code {param}} segment, shared by all parameter names. */
  final Node<T> param;

  /** Routes whose catch-all starts at the next segment. */
  final MethodTable<T> catchAll;

  /** Routes whose template ends exactly here. */
  final MethodTable<T> routes;

  Node(
      LiteralTable<Node<T>> literals,
      Node<T> param,
      MethodTable<T> catchAll,
      MethodTable<T> routes) {
    this.literals = literals;
    this.param = param;
    this.catchAll = catchAll;
    this.routes = routes;
  }
}
