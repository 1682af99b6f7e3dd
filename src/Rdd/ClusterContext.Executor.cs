using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd;

public sealed partial class ClusterContext
{
    // Set on the executor-side context (ForExecutor): it has no schedulers and refuses driver-only operations.
    private readonly string? _executorId;

    private ClusterContext(RddEnv env, string appId, string appName)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        _executorId = env.ExecutorId;
        Master = $"executor:{env.ExecutorId}";
        AppName = appName;
        AppId = appId;
        DefaultParallelism = 1;
        Configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        Serializer = env.Serializer;
        Env = env;
        // Driver-only parts stay unset: every member that would reach them calls RequireDriver first.
        _backend = null!;
        _appDirectory = null!;
        TaskSchedulerImpl = null!;
        DagScheduler = null!;
    }

    /// <summary>Where the driver's tasks run (the local backend in local mode).</summary>
    internal IExecutorBackend Backend => _backend;

    /// <summary>True for the context RDDs belong to on an executor (see <see cref="ForExecutor"/>).</summary>
    internal bool IsExecutorSide => _executorId is not null;

    /// <summary>
    /// The context that RDDs shipped to an executor belong to: it serves what computing a partition needs
    /// (<see cref="Env"/>, <see cref="Serializer"/>, the application's id and name) over the executor's own
    /// <paramref name="env"/>. Like Spark, which has no SparkContext on executors, anything only the driver can do —
    /// running jobs (actions), creating RDDs, shuffles, broadcasts or accumulators, cancelling, checkpoint folders,
    /// stopping — throws <see cref="InvalidOperationException"/>.
    /// </summary>
    internal static ClusterContext ForExecutor(RddEnv env, string appId, string appName) => new(env, appId, appName);

    /// <summary>Throws when called on an executor-side context.</summary>
    internal void RequireDriver(string operation)
    {
        if (_executorId is not null)
        {
            throw new InvalidOperationException(
                $"{operation} can only be done on the driver; this is the ClusterContext of application {AppId} on executor {_executorId}, " +
                "where RDD code runs inside tasks (create RDDs, run actions, broadcast and register accumulators in the driver program, outside functions given to RDD operators).");
        }
    }
}
