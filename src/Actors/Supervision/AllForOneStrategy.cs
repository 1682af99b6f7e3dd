namespace ActorNet.Actors;

/// <summary>Applies a Restart or Stop decision to all children of the supervisor, not only the failed one.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates an all-for-one strategy with a restart limit per window.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window (-1: unlimited); beyond it all children are stopped.</param>
    /// <param name="withinTimeRange">The window; null counts restarts forever.</param>
    /// <param name="decider">Maps an exception to a directive.</param>
    /// <param name="loggingEnabled">Log each handled failure.</param>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    /// <summary>Creates an all-for-one strategy with unlimited restarts.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    private protected override void ProcessRestart(ActorCell supervisor, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children)
    {
        bool permitted = children.All(c => c.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, supervisor.System.TimeProvider));
        foreach (var child in children)
        {
            if (permitted) supervisor.RestartChild(child.Child, cause, suspendFirst: !ReferenceEquals(child, failed));
            else supervisor.StopChild(child.Child);
        }
    }

    private protected override void ProcessStop(ActorCell supervisor, ChildRestartStats failed, IReadOnlyCollection<ChildRestartStats> children)
    {
        foreach (var child in children) supervisor.StopChild(child.Child);
    }
}
