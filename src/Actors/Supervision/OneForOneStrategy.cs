namespace ActorNet.Actors;

/// <summary>Applies the decision only to the child that failed.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates a one-for-one strategy with a restart limit per window.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window (-1: unlimited); beyond it the child is stopped.</param>
    /// <param name="withinTimeRange">The window; null counts restarts forever.</param>
    /// <param name="decider">Maps an exception to a directive.</param>
    /// <param name="loggingEnabled">Log each handled failure.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    /// <summary>Creates a one-for-one strategy with unlimited restarts.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    private protected override void ProcessRestart(ActorCell supervisor, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children)
    {
        if (failed.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, supervisor.System.TimeProvider))
            supervisor.RestartChild(failed.Child, cause, suspendFirst: false);
        else
            supervisor.StopChild(failed.Child);
    }

    private protected override void ProcessStop(ActorCell supervisor, ChildRestartStats failed, IReadOnlyCollection<ChildRestartStats> children) =>
        supervisor.StopChild(failed.Child);
}
