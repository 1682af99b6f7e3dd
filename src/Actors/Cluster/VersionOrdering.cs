namespace ActorNet.Actors;

/// <summary>How two version vectors relate.</summary>
internal enum VersionOrdering
{
    /// <summary>Both vectors hold the same counters.</summary>
    Same,

    /// <summary>The first vector happened before the second (the second is newer).</summary>
    Before,

    /// <summary>The first vector happened after the second (the first is newer).</summary>
    After,

    /// <summary>Neither saw all of the other's changes; the snapshots must be merged.</summary>
    Concurrent,
}
