/**
 * ArchUnit rules that hold the hexagon of DESIGN.md in place.
 *
 * <ul>
 *   <li>{@link dev.nucleus.architecture.HexagonRules}: every rule, once, for a root package.
 *   <li>{@link dev.nucleus.architecture.PureJdk}: the java.base subset domain and ports may use.
 *   <li>{@link dev.nucleus.architecture.AmbientAccess}: clock, environment and randomness members
 *       inside that subset.
 *   <li>{@link dev.nucleus.architecture.ProjectArchitectureTest}: the rules on {@code dev.nucleus}.
 *   <li>{@link dev.nucleus.architecture.ViolatingFixturesTest}: each rule fails on
 *       {@code fixtures.hexagon.bad}, naming the fixture written to break it.
 *   <li>{@link dev.nucleus.architecture.ConformingFixturesTest}: each rule passes on
 *       {@code fixtures.hexagon.good}, with a non-empty subject.
 * </ul>
 *
 * <p>Adding a rule: add it to {@code HexagonRules.all()}, add a fixture under
 * {@code fixtures.hexagon.bad} and list it in {@code ViolatingFixturesTest.violations()}
 * ({@code everyRuleHasAViolatingFixture} fails until you do), and make sure
 * {@code fixtures.hexagon.good} still passes.
 *
 * <p>Decisions: {@code java.net.URI} is the only {@code java.net} type in the core (a pure
 * parser); {@code java.io} is not in the core at all (ports report failures with domain
 * exceptions, not {@code IOException}); cycles are checked per module ({@code root.(*)..}) and
 * per package ({@code root.(**)}).
 */
package dev.nucleus.architecture;
