namespace ActorNet.Actors;

/// <summary>One observer's latest conclusion about one subject, stamped with the observer's counter.</summary>
/// <param name="Observer">The node whose failure detector made the observation.</param>
/// <param name="Subject">The node observed.</param>
/// <param name="Status">What the observer concluded.</param>
/// <param name="Version">The observer's change counter when it made this observation.</param>
internal sealed record ReachabilityRecord(UniqueAddress Observer, UniqueAddress Subject, ReachabilityStatus Status, long Version);
