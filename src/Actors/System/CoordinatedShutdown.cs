using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

/// <summary>
/// Akka's coordinated shutdown: named phases run in order, the tasks of one phase concurrently, each
/// phase bounded by <c>actornet:actor:shutdown-phase-timeout</c>. The last phase stops every actor and
/// then remoting. <see cref="ActorSystem.Terminate"/> runs it; it runs at most once.
/// </summary>
public sealed class CoordinatedShutdown
{
    /// <summary>First phase, before any service stops accepting work.</summary>
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";
    /// <summary>Stop accepting new incoming work.</summary>
    public const string PhaseServiceUnbind = "service-unbind";
    /// <summary>Wait for in-flight requests.</summary>
    public const string PhaseServiceRequestsDone = "service-requests-done";
    /// <summary>Stop services.</summary>
    public const string PhaseServiceStop = "service-stop";
    /// <summary>Before the node leaves the cluster.</summary>
    public const string PhaseBeforeClusterShutdown = "before-cluster-shutdown";
    /// <summary>Hand off shards.</summary>
    public const string PhaseClusterShardingShutdownRegion = "cluster-sharding-shutdown-region";
    /// <summary>Leave the cluster.</summary>
    public const string PhaseClusterLeave = "cluster-leave";
    /// <summary>Wait until the node is Exiting.</summary>
    public const string PhaseClusterExiting = "cluster-exiting";
    /// <summary>Exiting is done.</summary>
    public const string PhaseClusterExitingDone = "cluster-exiting-done";
    /// <summary>Shut the cluster extension down.</summary>
    public const string PhaseClusterShutdown = "cluster-shutdown";
    /// <summary>Last chance before actors stop.</summary>
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";
    /// <summary>Stops all actors and remoting.</summary>
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    /// <summary>The phases, in the order they run.</summary>
    public static IReadOnlyList<string> Phases { get; } =
    [
        PhaseBeforeServiceUnbind, PhaseServiceUnbind, PhaseServiceRequestsDone, PhaseServiceStop,
        PhaseBeforeClusterShutdown, PhaseClusterShardingShutdownRegion, PhaseClusterLeave, PhaseClusterExiting,
        PhaseClusterExitingDone, PhaseClusterShutdown, PhaseBeforeActorSystemTerminate, PhaseActorSystemTerminate,
    ];

    // The system being shut down.
    private readonly ActorSystem _system;
    // Registered tasks per phase; guarded by _gate.
    private readonly Dictionary<string, List<(string Name, Func<Task> Task)>> _tasks = [];
    // Guards _tasks and _run.
    private readonly Lock _gate = new();
    // The single run, once started.
    private Task? _run;

    internal CoordinatedShutdown(ActorSystem system) => _system = system;

    /// <summary>The coordinated shutdown of <paramref name="system"/>.</summary>
    public static CoordinatedShutdown Get(ActorSystem system) => system.CoordinatedShutdown;

    /// <summary>Why the shutdown ran; null until it has started.</summary>
    public ShutdownReason? Reason { get; private set; }

    /// <summary>Registers a task to run in <paramref name="phase"/>.</summary>
    /// <exception cref="ArgumentException">The phase is unknown.</exception>
    /// <exception cref="InvalidOperationException">The shutdown already started.</exception>
    public void AddTask(string phase, string taskName, Func<Task> task)
    {
        if (!Phases.Contains(phase)) throw new ArgumentException($"unknown shutdown phase '{phase}'; known: {string.Join(", ", Phases)}", nameof(phase));
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (_run is not null) throw new InvalidOperationException($"cannot add '{taskName}': coordinated shutdown already started");
            if (!_tasks.TryGetValue(phase, out var list)) _tasks[phase] = list = [];
            list.Add((taskName, task));
        }
    }

    /// <summary>Runs the shutdown (once; later calls return the same task), finishing when the system has terminated.</summary>
    public Task Run(ShutdownReason? reason = null)
    {
        lock (_gate)
        {
            if (_run is not null) return _run;
            Reason = reason ?? ShutdownReason.Unknown;
            _run = Task.Run(RunPhases);
            return _run;
        }
    }

    private async Task RunPhases()
    {
        _system.Log.LogInformation("coordinated shutdown of {System} ({Reason})", _system.Address, Reason!.Name);
        foreach (var phase in Phases)
        {
            List<(string Name, Func<Task> Task)> tasks;
            lock (_gate) tasks = _tasks.TryGetValue(phase, out var list) ? [.. list] : [];
            if (phase == PhaseActorSystemTerminate) tasks.Add(("stop actors", _system.StopActorTree));
            if (tasks.Count == 0) continue;
            var running = tasks.Select(t => RunTask(phase, t.Name, t.Task)).ToArray();
            var all = Task.WhenAll(running);
            var timeout = phase == PhaseActorSystemTerminate ? Timeout.InfiniteTimeSpan : _system.Settings.ShutdownPhaseTimeout;
            try
            {
                await all.WaitAsync(timeout, _system.TimeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _system.Log.LogWarning("shutdown phase {Phase} timed out after {Timeout}; continuing", phase, timeout);
            }
        }
    }

    private async Task RunTask(string phase, string name, Func<Task> task)
    {
        try { await task().ConfigureAwait(false); }
        catch (Exception error) { _system.Log.LogWarning(error, "shutdown task {Task} in phase {Phase} failed", name, phase); }
    }
}
