namespace ActorNet.Actors;

/// <summary>
/// A change in the cluster that subscribers are told about (Akka's <c>ClusterEvent</c> domain events).
/// The runtime computes these by diffing two membership snapshots, so every node reports the same
/// changes in the same order.
/// </summary>
public abstract record ClusterEvent;

/// <summary>
/// The leader changed, as seen from this node. <see cref="Leader"/> is null while no reachable member
/// can lead.
/// </summary>
/// <param name="Leader">The address of the new leader, or null when there is none.</param>
public sealed record LeaderChanged(Address? Leader) : ClusterEvent;
