namespace ActorNet.Actors;

/// <summary>Decides from the heartbeats of one monitored node whether that node is still alive.</summary>
internal interface IFailureDetector
{
    /// <summary>Whether the node is considered alive now; true until the first heartbeat.</summary>
    bool IsAvailable { get; }

    /// <summary>Whether at least one heartbeat has arrived.</summary>
    bool IsMonitoring { get; }

    /// <summary>Records a heartbeat arriving now.</summary>
    void Heartbeat();
}
