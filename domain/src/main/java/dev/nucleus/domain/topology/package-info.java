/**
 * Single-host topologies ({@code nucleus compose}): the TOML document read into services that are
 * launch requests ({@link dev.nucleus.domain.topology.TopologyReader}), the order they start in
 * ({@link dev.nucleus.domain.topology.StartupOrder}), the digest that tells a changed service from
 * an unchanged one ({@link dev.nucleus.domain.topology.ServiceLaunch}), and what {@code up} does
 * to the containers a host already runs ({@link dev.nucleus.domain.topology.Reconciliation}).
 */
package dev.nucleus.domain.topology;
