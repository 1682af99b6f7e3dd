using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

/// <summary>
/// Decides what happens to a failing child (<see cref="Directive"/>) and to whom it applies: only the
/// failed child (<see cref="OneForOneStrategy"/>) or all its siblings too (<see cref="AllForOneStrategy"/>).
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within <paramref name="withinTimeRange"/>; -1 for no limit. Beyond it the child is stopped.</param>
    /// <param name="withinTimeRange">The window restarts are counted in; null counts them forever.</param>
    /// <param name="decider">Maps an exception to a directive.</param>
    /// <param name="loggingEnabled">Log each failure handled by this strategy.</param>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (maxNrOfRetries < -1) throw new ArgumentOutOfRangeException(nameof(maxNrOfRetries), maxNrOfRetries, "must be -1 (unlimited) or >= 0");
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
        LoggingEnabled = loggingEnabled;
    }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; -1 for no limit.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window restarts are counted in; null counts them forever.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>Maps an exception to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>True when failures are logged.</summary>
    public bool LoggingEnabled { get; }

    /// <summary>
    /// Akka's default decider: stop on <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/>
    /// and <see cref="DeathPactException"/>, restart on anything else.
    /// </summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one, unlimited restarts, <see cref="DefaultDecider"/>.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops any failing child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Applies the decider's directive to the failed child and, depending on the strategy, its siblings.</summary>
    /// <returns>False when the failure must be escalated.</returns>
    internal bool HandleFailure(ActorCell supervisor, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children)
    {
        var directive = Decider(cause);
        if (LoggingEnabled && directive != Directive.Escalate)
            supervisor.Log.LogWarning(cause, "{Child} failed ({Directive}): {Message}", failed.Child.Path, directive, cause.Message);
        switch (directive)
        {
            case Directive.Resume:
                supervisor.ResumeChild(failed.Child, cause);
                return true;
            case Directive.Restart:
                ProcessRestart(supervisor, failed, cause, children);
                return true;
            case Directive.Stop:
                ProcessStop(supervisor, failed, children);
                return true;
            default:
                return false;
        }
    }

    private protected abstract void ProcessRestart(ActorCell supervisor, ChildRestartStats failed, Exception cause, IReadOnlyCollection<ChildRestartStats> children);

    private protected abstract void ProcessStop(ActorCell supervisor, ChildRestartStats failed, IReadOnlyCollection<ChildRestartStats> children);
}
