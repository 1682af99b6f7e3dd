namespace ActorNet.Actors;

/// <summary>What one observer concluded about one subject.</summary>
internal enum ReachabilityStatus
{
    /// <summary>Heartbeats arrive again.</summary>
    Reachable,

    /// <summary>The failure detector gave up on the subject.</summary>
    Unreachable,

    /// <summary>The subject was downed; it will never be reachable again.</summary>
    Terminated,
}
